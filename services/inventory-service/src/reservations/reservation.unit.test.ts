import { ValidationError } from '@kot/service-kit';
import type { StockLine } from '@kot/events';
import { decide, productsToLock } from './reservation.decide';
import type { InventoryCommand, Outcome, Reservation, StockLevel } from './reservation';

const ORDER = '5d6f0a7e-8b1c-4c2d-9e3f-a4b5c6d7e8f9';
const T0 = 1_700_000_000_000;
const TTL = 900_000;
const policy = { ttlMs: TTL };

/** given a reservation and stock levels / when a command / then an outcome. */
function given(reservation: Reservation, levels: StockLevel[] = []) {
  const stock = new Map(levels.map((l) => [l.productId, l]));
  return { when: (command: InventoryCommand): Outcome => decide(reservation, stock, command, policy) };
}

const level = (productId: string, onHand: number, reserved = 0): StockLevel => ({ productId, onHand, reserved });
const reserve = (items: StockLine[], now = T0): InventoryCommand => ({ type: 'Reserve', orderId: ORDER, items, now });
const lines: StockLine[] = [
  { productId: 'PROD-001', quantity: 2 },
  { productId: 'PROD-002', quantity: 1 },
];
const held: Reservation = { status: 'HELD', lines, expiresAt: T0 + TTL };

describe('reserving stock for an order', () => {
  it('given enough stock for every line, when reserving, then all lines are held until the TTL and InventoryReserved is emitted', () => {
    const outcome = given({ status: 'NONE' }, [level('PROD-001', 5), level('PROD-002', 1)]).when(reserve(lines));
    expect(outcome).toEqual({
      reservation: held,
      changes: [
        { productId: 'PROD-001', kind: 'RESERVE', onHandDelta: 0, reservedDelta: 2 },
        { productId: 'PROD-002', kind: 'RESERVE', onHandDelta: 0, reservedDelta: 1 },
      ],
      events: [{ type: 'InventoryReserved', data: { orderId: ORDER, items: lines } }],
    });
  });

  it('given one line cannot be covered, when reserving, then nothing is held and the first short product is named', () => {
    const outcome = given({ status: 'NONE' }, [level('PROD-001', 1), level('PROD-002', 0)]).when(reserve(lines));
    const shortage = { productId: 'PROD-001', requested: 2, available: 1 };
    expect(outcome).toEqual({
      reservation: { status: 'REJECTED', shortage },
      changes: [],
      events: [{ type: 'InventoryReservationRejected', data: { orderId: ORDER, ...shortage } }],
    });
  });

  it('given stock already held for other orders, when reserving, then only the available units count', () => {
    const outcome = given({ status: 'NONE' }, [level('PROD-001', 10, 9), level('PROD-002', 3)]).when(reserve(lines));
    expect(outcome.events).toEqual([
      {
        type: 'InventoryReservationRejected',
        data: { orderId: ORDER, productId: 'PROD-001', requested: 2, available: 1 },
      },
    ]);
  });

  it('given an unknown product, when reserving, then it is rejected with 0 available', () => {
    const outcome = given({ status: 'NONE' }, [level('PROD-001', 5)]).when(
      reserve([
        { productId: 'PROD-001', quantity: 1 },
        { productId: 'NOPE-9', quantity: 1 },
      ]),
    );
    expect(outcome.events).toEqual([
      {
        type: 'InventoryReservationRejected',
        data: { orderId: ORDER, productId: 'NOPE-9', requested: 1, available: 0 },
      },
    ]);
  });

  it('given the same product on two lines, when reserving, then the quantities are held as one line', () => {
    const outcome = given({ status: 'NONE' }, [level('PROD-001', 3)]).when(
      reserve([
        { productId: 'PROD-001', quantity: 1 },
        { productId: 'PROD-001', quantity: 2 },
      ]),
    );
    expect(outcome.reservation).toEqual({
      status: 'HELD',
      lines: [{ productId: 'PROD-001', quantity: 3 }],
      expiresAt: T0 + TTL,
    });
  });

  it('given a held reservation, when the request comes again, then InventoryReserved is repeated and nothing more is held', () => {
    const outcome = given(held, [level('PROD-001', 2, 2), level('PROD-002', 1, 1)]).when(reserve(lines, T0 + 5));
    expect(outcome).toEqual({
      reservation: null,
      changes: [],
      events: [{ type: 'InventoryReserved', data: { orderId: ORDER, items: lines } }],
    });
  });

  it('given a rejected reservation, when the request comes again, then the same rejection is repeated', () => {
    const shortage = { productId: 'PROD-002', requested: 1, available: 0 };
    const outcome = given({ status: 'REJECTED', shortage }, [level('PROD-001', 9), level('PROD-002', 9)]).when(
      reserve(lines),
    );
    expect(outcome).toEqual({
      reservation: null,
      changes: [],
      events: [{ type: 'InventoryReservationRejected', data: { orderId: ORDER, ...shortage } }],
    });
  });

  it('given a hold that expired, when the saga asks again, then stock is held afresh', () => {
    const outcome = given({ status: 'EXPIRED', lines }, [level('PROD-001', 2), level('PROD-002', 1)]).when(
      reserve(lines, T0 + 1),
    );
    expect(outcome.reservation).toEqual({ status: 'HELD', lines, expiresAt: T0 + 1 + TTL });
  });

  it.each([
    ['no lines', []],
    ['a zero quantity', [{ productId: 'PROD-001', quantity: 0 }]],
    ['a fractional quantity', [{ productId: 'PROD-001', quantity: 1.5 }]],
    ['an empty product id', [{ productId: '', quantity: 1 }]],
  ])('given a request with %s, when reserving, then it is refused as malformed (not retried)', (_name, items) => {
    expect(() => given({ status: 'NONE' }, [level('PROD-001', 5)]).when(reserve(items))).toThrow(ValidationError);
  });
});

describe('releasing, confirming, committing and expiring', () => {
  it('given a held reservation, when release is requested, then the units are given back and InventoryReleased lists them', () => {
    const outcome = given(held).when({ type: 'Release', orderId: ORDER });
    expect(outcome.reservation).toEqual({ status: 'RELEASED', lines });
    expect(outcome.changes).toEqual([
      { productId: 'PROD-001', kind: 'RELEASE', onHandDelta: 0, reservedDelta: -2 },
      { productId: 'PROD-002', kind: 'RELEASE', onHandDelta: 0, reservedDelta: -1 },
    ]);
    expect(outcome.events).toEqual([
      { type: 'InventoryReleased', data: { orderId: ORDER, items: lines, reason: 'REQUESTED' } },
    ]);
  });

  it.each<[string, Reservation]>([
    ['nothing was ever held', { status: 'NONE' }],
    ['it was already released', { status: 'RELEASED', lines }],
    ['it was rejected', { status: 'REJECTED', shortage: { productId: 'PROD-001', requested: 2, available: 0 } }],
    ['it was committed', { status: 'COMMITTED', lines }],
  ])(
    'given %s, when release is requested, then it still answers InventoryReleased with no items',
    (_name, reservation) => {
      expect(given(reservation).when({ type: 'Release', orderId: ORDER })).toEqual({
        reservation: null,
        changes: [],
        events: [{ type: 'InventoryReleased', data: { orderId: ORDER, items: [], reason: 'REQUESTED' } }],
      });
    },
  );

  it('given a held reservation, when the order is confirmed, then it stops expiring and nothing is emitted', () => {
    expect(given(held).when({ type: 'Confirm', orderId: ORDER })).toEqual({
      reservation: { status: 'CONFIRMED', lines },
      changes: [],
      events: [],
    });
  });

  it('given a confirmed reservation, when the order is delivered, then the units leave on-hand and InventoryCommitted is emitted', () => {
    const outcome = given({ status: 'CONFIRMED', lines }).when({ type: 'Commit', orderId: ORDER });
    expect(outcome.reservation).toEqual({ status: 'COMMITTED', lines });
    expect(outcome.changes).toContainEqual({
      productId: 'PROD-001',
      kind: 'COMMIT',
      onHandDelta: -2,
      reservedDelta: -2,
    });
    expect(outcome.events).toEqual([{ type: 'InventoryCommitted', data: { orderId: ORDER, items: lines } }]);
  });

  it('given no reservation, when an order is delivered, then nothing changes', () => {
    expect(given({ status: 'NONE' }).when({ type: 'Commit', orderId: ORDER })).toEqual({
      reservation: null,
      changes: [],
      events: [],
    });
  });

  it('given a hold past its expiry, when the expiry job runs, then it is given back with reason EXPIRED', () => {
    const outcome = given(held).when({ type: 'Expire', orderId: ORDER, now: T0 + TTL });
    expect(outcome.reservation).toEqual({ status: 'EXPIRED', lines });
    expect(outcome.changes.map((c) => c.kind)).toEqual(['EXPIRE', 'EXPIRE']);
    expect(outcome.events).toEqual([
      { type: 'InventoryReleased', data: { orderId: ORDER, items: lines, reason: 'EXPIRED' } },
    ]);
  });

  it('given a hold not yet due, or one confirmed meanwhile, when the expiry job runs, then nothing changes', () => {
    expect(given(held).when({ type: 'Expire', orderId: ORDER, now: T0 + TTL - 1 })).toEqual({
      reservation: null,
      changes: [],
      events: [],
    });
    expect(
      given({ status: 'CONFIRMED', lines }).when({ type: 'Expire', orderId: ORDER, now: T0 + 2 * TTL }).events,
    ).toEqual([]);
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
