import type { InventoryCommand, Reservation } from './reservation';
import type { ReservationEvent } from './reservation.events';
import { changesOf } from './reservation.evolve';
import {
  held,
  heldLevels,
  level,
  lines,
  NONE,
  nothingStored,
  ORDER,
  spec,
  stateOf,
  T0,
  TTL,
} from '../testing/reservation-spec';

// What happens to a reservation after the first answer: released, confirmed, committed or expired.

const release: InventoryCommand = { type: 'Release', orderId: ORDER };
const confirmed: Reservation = { status: 'CONFIRMED', lines };

describe('releasing a reservation', () => {
  it('given a held reservation, when release is requested, then the units are given back and the release lists them', () => {
    const before = stateOf(held, heldLevels);
    const event: ReservationEvent = { type: 'StockReleased', orderId: ORDER, lines, reason: 'REQUESTED' };
    const after = spec.givenState(before).when(release).then([event]);
    expect(after).toEqual(stateOf({ status: 'RELEASED', lines }, [level('PROD-001', 5), level('PROD-002', 1)]));
    expect(changesOf(before, [event]).changes).toEqual([
      { productId: 'PROD-001', kind: 'RELEASE', onHandDelta: 0, reservedDelta: -2 },
      { productId: 'PROD-002', kind: 'RELEASE', onHandDelta: 0, reservedDelta: -1 },
    ]);
  });

  it.each<[string, Reservation]>([
    ['nothing was ever held', NONE],
    ['it was already released', { status: 'RELEASED', lines }],
    ['it was rejected', { status: 'REJECTED', shortage: { productId: 'PROD-001', requested: 2, available: 0 } }],
    ['it was committed', { status: 'COMMITTED', lines }],
  ])('given %s, when release is requested, then it is still answered, with nothing released', (_name, reservation) => {
    const before = stateOf(reservation);
    const event: ReservationEvent = { type: 'NothingReleased', orderId: ORDER };
    spec.givenState(before).when(release).then([event]);
    expect(changesOf(before, [event])).toEqual(nothingStored);
  });
});

describe('confirming and committing', () => {
  it('given a held reservation, when the paid-for order asks to keep it, then it stops expiring and no stock moves', () => {
    const before = stateOf(held, heldLevels);
    const event: ReservationEvent = { type: 'ReservationConfirmed', orderId: ORDER, lines };
    const after = spec.givenState(before).when({ type: 'Confirm', orderId: ORDER, items: lines }).then([event]);
    expect(after).toEqual(stateOf(confirmed, heldLevels));
    expect(changesOf(before, [event])).toEqual({ reservation: confirmed, changes: [] });
  });

  it('given a confirmed or committed reservation, when asked again (a re-request), then the same answer', () => {
    for (const reservation of [confirmed, { status: 'COMMITTED' as const, lines }]) {
      const before = stateOf(reservation, heldLevels);
      const event: ReservationEvent = { type: 'ConfirmationRestated', orderId: ORDER, lines };
      spec.givenState(before).when({ type: 'Confirm', orderId: ORDER, items: lines }).then([event]);
      expect(changesOf(before, [event])).toEqual(nothingStored);
    }
  });

  it('given a rejected reservation, when asked to keep it, then the rejection is restated', () => {
    const shortage = { productId: 'PROD-001', requested: 2, available: 1 };
    spec
      .givenState(stateOf({ status: 'REJECTED', shortage }))
      .when({ type: 'Confirm', orderId: ORDER, items: lines })
      .then([{ type: 'RejectionRestated', orderId: ORDER, shortage }]);
  });

  it('given a confirmed reservation, when the order is delivered, then the units leave on-hand and the hold ends', () => {
    const before = stateOf(confirmed, heldLevels);
    const event: ReservationEvent = { type: 'StockCommitted', orderId: ORDER, lines, from: 'HOLD' };
    const after = spec.givenState(before).when({ type: 'Commit', orderId: ORDER }).then([event]);
    expect(after).toEqual(stateOf({ status: 'COMMITTED', lines }, [level('PROD-001', 3), level('PROD-002', 0)]));
    expect(changesOf(before, [event]).changes).toContainEqual({
      productId: 'PROD-001',
      kind: 'COMMIT',
      onHandDelta: -2,
      reservedDelta: -2,
    });
  });

  it('given no reservation, when an order is delivered, then nothing happens', () => {
    spec.givenState(stateOf(NONE)).when({ type: 'Commit', orderId: ORDER }).then([]);
  });
});

describe('expiring a hold', () => {
  it('given a hold past its expiry, when the expiry job runs, then it is given back with reason EXPIRED', () => {
    const before = stateOf(held, heldLevels);
    const event: ReservationEvent = { type: 'StockReleased', orderId: ORDER, lines, reason: 'EXPIRED' };
    const after = spec
      .givenState(before)
      .when({ type: 'Expire', orderId: ORDER, now: T0 + TTL })
      .then([event]);
    expect(after.reservation).toEqual({ status: 'EXPIRED', lines });
    expect(changesOf(before, [event]).changes.map((c) => c.kind)).toEqual(['EXPIRE', 'EXPIRE']);
  });

  it('given a hold not yet due, or one confirmed meanwhile, when the expiry job runs, then nothing happens', () => {
    spec
      .givenState(stateOf(held, heldLevels))
      .when({ type: 'Expire', orderId: ORDER, now: T0 + TTL - 1 })
      .then([]);
    spec
      .givenState(stateOf(confirmed, heldLevels))
      .when({ type: 'Expire', orderId: ORDER, now: T0 + 2 * TTL })
      .then([]);
  });
});
