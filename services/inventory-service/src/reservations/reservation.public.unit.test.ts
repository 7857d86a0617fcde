import type { OrderEvent } from '@kot/events';
import type { ReservationEvent } from './reservation.events';
import { publicEvents, toPublic } from './reservation.public';
import { lines, ORDER, T0 } from '../testing/reservation-spec';

// What the rest of the system hears of each of inventory's own events: the saga reads a fact and its
// restatement alike, and every release request is answered, even with nothing to give back.

const shortage = { productId: 'PROD-001', requested: 2, available: 1 };
const reserved: OrderEvent = { type: 'InventoryReserved', data: { orderId: ORDER, items: lines } };
const rejected: OrderEvent = { type: 'InventoryReservationRejected', data: { orderId: ORDER, ...shortage } };
const kept: OrderEvent = { type: 'InventoryConfirmed', data: { orderId: ORDER, items: lines } };
const committed: OrderEvent = { type: 'InventoryCommitted', data: { orderId: ORDER, items: lines } };

describe('the public events of inventory decisions', () => {
  const cases: Array<[ReservationEvent, OrderEvent]> = [
    [{ type: 'StockReserved', orderId: ORDER, lines, expiresAt: T0 }, reserved],
    [{ type: 'ReservationRestated', orderId: ORDER, lines }, reserved],
    [{ type: 'ReservationRejected', orderId: ORDER, shortage }, rejected],
    [{ type: 'RejectionRestated', orderId: ORDER, shortage }, rejected],
    [{ type: 'RetakeRefused', orderId: ORDER, shortage }, rejected],
    [{ type: 'ReservationConfirmed', orderId: ORDER, lines }, kept],
    [{ type: 'ExpiredHoldRetaken', orderId: ORDER, lines }, kept],
    [{ type: 'ConfirmationRestated', orderId: ORDER, lines }, kept],
    [
      { type: 'StockReleased', orderId: ORDER, lines, reason: 'REQUESTED' },
      { type: 'InventoryReleased', data: { orderId: ORDER, items: lines, reason: 'REQUESTED' } },
    ],
    [
      { type: 'StockReleased', orderId: ORDER, lines, reason: 'EXPIRED' },
      { type: 'InventoryReleased', data: { orderId: ORDER, items: lines, reason: 'EXPIRED' } },
    ],
    [
      { type: 'NothingReleased', orderId: ORDER },
      { type: 'InventoryReleased', data: { orderId: ORDER, items: [], reason: 'REQUESTED' } },
    ],
    [{ type: 'StockCommitted', orderId: ORDER, lines, from: 'HOLD' }, committed],
    [{ type: 'StockCommitted', orderId: ORDER, lines, from: 'FREE_STOCK' }, committed],
    [{ type: 'CommitRestated', orderId: ORDER, lines }, committed],
  ];
  const named = cases.map(([event, expected]) => ({
    name:
      'reason' in event
        ? `${event.type} (${event.reason})`
        : 'from' in event
          ? `${event.type} (${event.from})`
          : event.type,
    published: expected.type,
    event,
    expected,
  }));

  it.each(named)('$name is published as $published', ({ event, expected }) => {
    expect(toPublic(event)).toEqual(expected);
  });

  it('a decision publishes every one of its events, in order: each answers a request', () => {
    const decided: ReservationEvent[] = [
      { type: 'ReservationConfirmed', orderId: ORDER, lines },
      { type: 'StockCommitted', orderId: ORDER, lines, from: 'HOLD' },
      { type: 'NothingReleased', orderId: ORDER },
    ];
    expect(publicEvents(decided)).toEqual([
      kept,
      committed,
      { type: 'InventoryReleased', data: { orderId: ORDER, items: [], reason: 'REQUESTED' } },
    ]);
  });
});
