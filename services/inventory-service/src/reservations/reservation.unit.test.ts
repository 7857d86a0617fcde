import { ValidationError } from '@kot/service-kit';
import type { Reservation } from './reservation';
import { productsToLock } from './reservation.decide';
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
  reserve,
  spec,
  stateOf,
  T0,
  TTL,
} from '../testing/reservation-spec';

// Releasing, confirming, committing and expiring: reservation-lifecycle.unit.test.ts; after an expiry:
// reservation-after-expiry.unit.test.ts; what each event publishes: reservation.public.unit.test.ts.

describe('reserving stock for an order', () => {
  it('given enough stock for every line, when reserving, then all lines are held until the TTL', () => {
    const before = stateOf(NONE, [level('PROD-001', 5), level('PROD-002', 1)]);
    const event: ReservationEvent = { type: 'StockReserved', orderId: ORDER, lines, expiresAt: T0 + TTL };
    const after = spec.givenState(before).when(reserve(lines)).then([event]);
    expect(after).toEqual(stateOf(held, heldLevels));
    expect(changesOf(before, [event])).toEqual({
      reservation: held,
      changes: [
        { productId: 'PROD-001', kind: 'RESERVE', onHandDelta: 0, reservedDelta: 2 },
        { productId: 'PROD-002', kind: 'RESERVE', onHandDelta: 0, reservedDelta: 1 },
      ],
    });
  });

  it('given one line cannot be covered, when reserving, then nothing is held and the first short product is named', () => {
    const before = stateOf(NONE, [level('PROD-001', 1), level('PROD-002', 0)]);
    const shortage = { productId: 'PROD-001', requested: 2, available: 1 };
    const event: ReservationEvent = { type: 'ReservationRejected', orderId: ORDER, shortage };
    const after = spec.givenState(before).when(reserve(lines)).then([event]);
    expect(after.reservation).toEqual({ status: 'REJECTED', shortage });
    expect(changesOf(before, [event]).changes).toEqual([]);
  });

  it('given stock already held for other orders, when reserving, then only the available units count', () => {
    spec
      .givenState(stateOf(NONE, [level('PROD-001', 10, 9), level('PROD-002', 3)]))
      .when(reserve(lines))
      .then([
        {
          type: 'ReservationRejected',
          orderId: ORDER,
          shortage: { productId: 'PROD-001', requested: 2, available: 1 },
        },
      ]);
  });

  it('given an unknown product, when reserving, then it is rejected with 0 available', () => {
    const items = [
      { productId: 'PROD-001', quantity: 1 },
      { productId: 'NOPE-9', quantity: 1 },
    ];
    spec
      .givenState(stateOf(NONE, [level('PROD-001', 5)]))
      .when(reserve(items))
      .then([
        { type: 'ReservationRejected', orderId: ORDER, shortage: { productId: 'NOPE-9', requested: 1, available: 0 } },
      ]);
  });

  it('given the same product on two lines, when reserving, then the quantities are held as one line', () => {
    const merged = [{ productId: 'PROD-001', quantity: 3 }];
    const after = spec
      .givenState(stateOf(NONE, [level('PROD-001', 3)]))
      .when(
        reserve([
          { productId: 'PROD-001', quantity: 1 },
          { productId: 'PROD-001', quantity: 2 },
        ]),
      )
      .then([{ type: 'StockReserved', orderId: ORDER, lines: merged, expiresAt: T0 + TTL }]);
    expect(after.reservation).toEqual({ status: 'HELD', lines: merged, expiresAt: T0 + TTL });
  });

  it('given a held reservation, when the request comes again, then the reservation is restated and nothing more is held', () => {
    const before = stateOf(held, heldLevels);
    const event: ReservationEvent = { type: 'ReservationRestated', orderId: ORDER, lines };
    expect(
      spec
        .givenState(before)
        .when(reserve(lines, T0 + 5))
        .then([event]),
    ).toBe(before);
    expect(changesOf(before, [event])).toEqual(nothingStored);
  });

  it('given a rejected reservation, when the request comes again, then the same rejection is restated', () => {
    const shortage = { productId: 'PROD-002', requested: 1, available: 0 };
    const before = stateOf({ status: 'REJECTED', shortage }, [level('PROD-001', 9), level('PROD-002', 9)]);
    const event: ReservationEvent = { type: 'RejectionRestated', orderId: ORDER, shortage };
    spec.givenState(before).when(reserve(lines)).then([event]);
    expect(changesOf(before, [event])).toEqual(nothingStored);
  });

  it('given a hold that expired, when the saga asks again, then stock is held afresh', () => {
    const after = spec
      .givenState(stateOf({ status: 'EXPIRED', lines }, [level('PROD-001', 2), level('PROD-002', 1)]))
      .when(reserve(lines, T0 + 1))
      .then([{ type: 'StockReserved', orderId: ORDER, lines, expiresAt: T0 + 1 + TTL }]);
    expect(after.reservation).toEqual({ status: 'HELD', lines, expiresAt: T0 + 1 + TTL });
  });

  it.each([
    ['no lines', []],
    ['a zero quantity', [{ productId: 'PROD-001', quantity: 0 }]],
    ['a fractional quantity', [{ productId: 'PROD-001', quantity: 1.5 }]],
    ['an empty product id', [{ productId: '', quantity: 1 }]],
  ])('given a request with %s, when reserving, then it is refused as malformed (not retried)', (_name, items) => {
    spec
      .givenState(stateOf(NONE, [level('PROD-001', 5)]))
      .when(reserve(items))
      .thenThrows(ValidationError);
  });
});

describe('lock order', () => {
  it('locks the requested and the held products once each, sorted, whatever order they were listed in', () => {
    const current: Reservation = { status: 'HELD', lines: [{ productId: 'PROD-009', quantity: 1 }], expiresAt: T0 };
    expect(
      productsToLock(
        current,
        reserve([
          { productId: 'PROD-003', quantity: 1 },
          { productId: 'PROD-001', quantity: 1 },
          { productId: 'PROD-003', quantity: 1 },
        ]),
      ),
    ).toEqual(['PROD-001', 'PROD-003', 'PROD-009']);
  });
});
