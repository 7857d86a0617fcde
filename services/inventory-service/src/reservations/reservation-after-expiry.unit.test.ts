import { ConflictError } from '@kot/service-kit';
import type { StockLine } from '@kot/events';
import type { InventoryCommand, Reservation } from './reservation';
import type { ReservationEvent } from './reservation.events';
import { changesOf } from './reservation.evolve';
import { level, ORDER, spec, stateOf } from '../testing/reservation-spec';

// Issue 14, finding 7: a hold can expire while the saga confirms the order (the expiry job runs before
// inventory sees OrderConfirmed, or a withdrawn cancellation confirms late). The decider used to ignore
// Confirm and Commit on an EXPIRED reservation, so a delivered order never took its stock off the shelf.

const expiredLines: StockLine[] = [{ productId: 'PROD-001', quantity: 2 }];
const expired: Reservation = { status: 'EXPIRED', lines: expiredLines };
const withStock = (onHand: number, reserved = 0) => stateOf(expired, [level('PROD-001', onHand, reserved)]);
const confirm: InventoryCommand = { type: 'Confirm', orderId: ORDER };
const commit: InventoryCommand = { type: 'Commit', orderId: ORDER };

describe('a confirmation or delivery that arrives after the hold expired', () => {
  it('given an expired hold and the stock still free, when the order is confirmed, then the stock is held again (confirmed)', () => {
    const before = withStock(5, 1);
    const event: ReservationEvent = { type: 'ExpiredHoldRetaken', orderId: ORDER, lines: expiredLines };
    const after = spec.givenState(before).when(confirm).then([event]);
    expect(after).toEqual(stateOf({ status: 'CONFIRMED', lines: expiredLines }, [level('PROD-001', 5, 3)]));
    expect(changesOf(before, [event])).toEqual({
      reservation: { status: 'CONFIRMED', lines: expiredLines },
      changes: [{ productId: 'PROD-001', kind: 'RESERVE', onHandDelta: 0, reservedDelta: 2 }],
    });
  });

  it('given an expired hold and the stock taken by someone else, when the order is confirmed, then the rejection names the product so the saga can undo the order', () => {
    const before = withStock(3, 2);
    const shortage = { productId: 'PROD-001', requested: 2, available: 1 };
    const event: ReservationEvent = { type: 'RetakeRefused', orderId: ORDER, shortage };
    spec.givenState(before).when(confirm).then([event]);
    // The hold keeps its lines (nothing to write): the order may be delivered all the same.
    expect(changesOf(before, [event])).toEqual({ reservation: null, changes: [] });
  });

  // Fault-injection run of 2026-12-03 (TTL 20 s, carrier instant): the parcel left before the rejection
  // landed, the saga (SHIPPED) could undo nothing, and the delivery's Commit met a REJECTED row and did
  // nothing: three delivered orders whose goods never left the stock.
  it('given a refused retake, when the order is delivered after all, then the goods leave free stock, or the delivery is refused loudly', () => {
    const shortage = { productId: 'PROD-001', requested: 2, available: 1 };
    const refused = spec
      .givenState(withStock(3, 2))
      .when(confirm)
      .then([{ type: 'RetakeRefused', orderId: ORDER, shortage }]);
    spec.givenState(refused).when(commit).thenThrows(ConflictError);
    const freedSince = stateOf(expired, [level('PROD-001', 3, 0)]);
    spec
      .givenState(freedSince)
      .when(commit)
      .then([{ type: 'StockCommitted', orderId: ORDER, lines: expiredLines, from: 'FREE_STOCK' }]);
  });

  it('given an expired hold, when the order is delivered, then the goods leave free stock', () => {
    const before = withStock(5, 1);
    const event: ReservationEvent = { type: 'StockCommitted', orderId: ORDER, lines: expiredLines, from: 'FREE_STOCK' };
    const after = spec.givenState(before).when(commit).then([event]);
    expect(after).toEqual(stateOf({ status: 'COMMITTED', lines: expiredLines }, [level('PROD-001', 3, 1)]));
    expect(changesOf(before, [event]).changes).toEqual([
      { productId: 'PROD-001', kind: 'COMMIT', onHandDelta: -2, reservedDelta: 0 },
    ]);
  });

  it('given an expired hold and no free stock, when the order is delivered, then it is refused loudly (sold twice), not ignored', () => {
    spec.givenState(withStock(2, 2)).when(commit).thenThrows(ConflictError);
  });
});
