import { sampleCustomer, sampleOrderLines } from '@kot/events/src/testing/samples';
import { foldEvents } from '@kot/service-kit';
import { deciderSpec } from '@kot/testing';
import { parseCancellationText } from '../orders/event-versions';
import type { OrderStreamEvent } from '../saga/order.events';
import type { OrderState } from '../saga/order.state';
import { orderDecider } from '../saga/saga.decide';
import type { SagaPolicy } from '../saga/saga.policy';

/** The clock and policy the saga's given/when/then tests decide with. */
export const T0 = 1_700_000_000_000;
export const testPolicy: SagaPolicy = {
  replyTimeoutMs: 30_000,
  maxAttempts: 3,
  maxCompensationBackoffMs: 300_000,
  deliveryDeadlineMs: 86_400_000,
};

/** The same events as decided at another moment: decide stamps what it emits with the command's `now`. */
export const at = (now: number, events: OrderStreamEvent[]): OrderStreamEvent[] =>
  events.map((event) => ({ ...event, at: now }));

/** The sample lines an order's events carry: as ordered, as stock, and their total in minor units. */
function sampleLines() {
  const items = sampleOrderLines();
  return {
    items,
    stock: items.map(({ productId, quantity }) => ({ productId, quantity })),
    total: items.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0),
  };
}

/** The order saga as a given/when/then spec for one order, with the sample lines its events use. */
export function sagaSpec(orderId: string) {
  const decider = orderDecider(testPolicy, orderId);
  return {
    saga: deciderSpec(decider),
    ...sampleLines(),
    stateOf: (events: OrderStreamEvent[]): OrderState => foldEvents(decider, events),
  };
}

type Tracked = 'SHIPPED' | 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED';

/**
 * One order's stream events as the saga decides or observes them, all at T0: what the given/when/then
 * tests give and expect. Steps that repeat or vary take their attempt, reason or status.
 */
export function sagaEvents(orderId: string) {
  const { items, stock, total } = sampleLines();
  const recipient = {
    name: 'Ada Lovelace',
    address: sampleCustomer().address,
    city: 'San Francisco',
    state: 'CA',
    zipCode: '94105',
  };
  return {
    placed: {
      type: 'OrderPlaced',
      data: { orderId, customer: sampleCustomer(), items, totalMinor: total, currency: 'USD', placedAt: T0 },
      at: T0,
    },
    reservationRequested: (attempt = 1) => ({
      type: 'InventoryReservationRequested',
      data: { orderId, items: stock, attempt },
      at: T0,
    }),
    reserved: { type: 'InventoryReserved', data: { orderId, items: stock }, at: T0 },
    authorized: {
      type: 'PaymentAuthorized',
      data: { orderId, paymentId: 'pay-1', amountMinor: total, currency: 'USD' },
      at: T0,
    },
    declined: {
      type: 'PaymentDeclined',
      data: { orderId, amountMinor: total, currency: 'USD', reason: 'card_declined' },
      at: T0,
    },
    refunded: {
      type: 'PaymentRefunded',
      data: { orderId, paymentId: 'pay-1', refundId: 'ref-1', amountMinor: total, currency: 'USD' },
      at: T0,
    },
    confirmationRequested: (attempt = 1) => ({
      type: 'InventoryConfirmationRequested',
      data: { orderId, items: stock, attempt },
      at: T0,
    }),
    stockKept: { type: 'InventoryConfirmed', data: { orderId, items: stock }, at: T0 },
    shipmentRequested: (attempt = 1) => ({
      type: 'ShipmentRequested',
      data: { orderId, recipient, items: stock, attempt },
      at: T0,
    }),
    scheduled: {
      type: 'ShipmentScheduled',
      data: {
        orderId,
        shipmentId: 'shp-1',
        carrier: 'SimExpress',
        trackingNumber: 'SIM123',
        estimatedDeliveryAt: T0 + 86_400_000,
      },
      at: T0,
    },
    confirmed: { type: 'OrderConfirmed', data: { orderId }, at: T0 },
    status: (status: Tracked, changedAt = T0) => ({
      type: 'ShipmentStatusChanged',
      data: { orderId, shipmentId: 'shp-1', trackingNumber: 'SIM123', status, location: null, changedAt },
      at: T0,
    }),
    shipped: { type: 'OrderShipped', data: { orderId, carrier: 'SimExpress', trackingNumber: 'SIM123' }, at: T0 },
    delivered: { type: 'OrderDelivered', data: { orderId, deliveredAt: T0 }, at: T0 },
    cancellationRequested: (reason: string) => ({
      type: 'OrderCancellationRequested',
      data: { orderId, reason, ...parseCancellationText(reason) },
      at: T0,
    }),
    shipmentCancelRequested: (reason: string) => ({
      type: 'ShipmentCancellationRequested',
      data: { orderId, reason },
      at: T0,
    }),
    shipmentCancelRejected: {
      type: 'ShipmentCancellationRejected',
      data: { orderId, shipmentId: 'shp-1', status: 'SHIPPED', reason: 'already_shipped' },
      at: T0,
    },
    releaseRequested: (reason: string) => ({ type: 'InventoryReleaseRequested', data: { orderId, reason }, at: T0 }),
    released: (reason: 'REQUESTED' | 'EXPIRED' = 'REQUESTED') => ({
      type: 'InventoryReleased',
      data: { orderId, items: stock, reason },
      at: T0,
    }),
    cancelled: {
      type: 'OrderCancelled',
      data: { orderId, reason: 'CUSTOMER_REQUEST', detail: 'x', productId: null },
      at: T0,
    },
  } satisfies Record<string, OrderStreamEvent | ((...args: never[]) => OrderStreamEvent)>;
}
