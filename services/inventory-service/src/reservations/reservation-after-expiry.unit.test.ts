import { ConflictError } from '@kot/service-kit';
import type { StockLine } from '@kot/events';
import { decide } from './reservation.decide';
import type { InventoryCommand, Outcome, Reservation, StockLevel } from './reservation';

// Issue 14, finding 7: a hold can expire while the saga confirms the order (the expiry job runs before
// inventory sees OrderConfirmed, or a withdrawn cancellation confirms late). The decider used to ignore
// Confirm and Commit on an EXPIRED reservation, so a delivered order never took its stock off the shelf.

const ORDER = '5d6f0a7e-8b1c-4c2d-9e3f-a4b5c6d7e8f9';
const policy = { ttlMs: 900_000 };
const lines: StockLine[] = [{ productId: 'PROD-001', quantity: 2 }];
const expired: Reservation = { status: 'EXPIRED', lines };
const level = (onHand: number, reserved = 0): StockLevel => ({ productId: 'PROD-001', onHand, reserved });

function given(reservation: Reservation, stock: StockLevel) {
  return {
    when: (command: InventoryCommand): Outcome =>
      decide(reservation, new Map([[stock.productId, stock]]), command, policy),
  };
}

describe('a confirmation or delivery that arrives after the hold expired', () => {
  it('given an expired hold and the stock still free, when the order is confirmed, then the stock is held again (confirmed) and InventoryReserved says so', () => {
    expect(given(expired, level(5, 1)).when({ type: 'Confirm', orderId: ORDER })).toEqual({
      reservation: { status: 'CONFIRMED', lines },
      changes: [{ productId: 'PROD-001', kind: 'RESERVE', onHandDelta: 0, reservedDelta: 2 }],
      events: [{ type: 'InventoryReserved', data: { orderId: ORDER, items: lines } }],
    });
  });

  it('given an expired hold and the stock taken by someone else, when the order is confirmed, then the rejection names the product so the saga can undo the order', () => {
    const outcome = given(expired, level(3, 2)).when({ type: 'Confirm', orderId: ORDER });
    expect(outcome.changes).toEqual([]);
    expect(outcome.events).toEqual([
      {
        type: 'InventoryReservationRejected',
        data: { orderId: ORDER, productId: 'PROD-001', requested: 2, available: 1 },
      },
    ]);
  });

  it('given an expired hold, when the order is delivered, then the goods leave free stock and InventoryCommitted is emitted', () => {
    expect(given(expired, level(5, 1)).when({ type: 'Commit', orderId: ORDER })).toEqual({
      reservation: { status: 'COMMITTED', lines },
      changes: [{ productId: 'PROD-001', kind: 'COMMIT', onHandDelta: -2, reservedDelta: 0 }],
      events: [{ type: 'InventoryCommitted', data: { orderId: ORDER, items: lines } }],
    });
  });

  it('given an expired hold and no free stock, when the order is delivered, then it is refused loudly (sold twice), not ignored', () => {
    expect(() => given(expired, level(2, 2)).when({ type: 'Commit', orderId: ORDER })).toThrow(ConflictError);
  });
});
