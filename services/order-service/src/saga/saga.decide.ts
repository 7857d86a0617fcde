import type { CancellationReason, OrderEvent } from '@kot/events';
import { ConflictError, NotFoundError } from '@kot/service-kit';
import {
  awaitsParcel,
  evolve,
  formatCancellation,
  PARCEL_LEFT,
  type Cancellation,
  type OrderState,
} from '../orders/order-state';
import type { SagaCommand } from './saga.commands';
import { replyDeadline, type SagaPolicy } from './saga.policy';

/**
 * The saga as a decider: (state, command) → events to append. It never performs I/O; the handlers
 * load the stream, call decide, and append the result with the outbox in one transaction.
 */
export function decide(state: OrderState, command: SagaCommand, policy: SagaPolicy): OrderEvent[] {
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(state, command);
    case 'CancelOrder':
      return cancelOrder(state, command.reason);
    case 'Observe':
      return observe(state, command.event, command.now);
    case 'RecordPaymentAuthorized':
      return paymentAuthorized(state, command.paymentId);
    case 'RecordPaymentDeclined':
      return paymentDeclined(state, command.reason);
    case 'RecordPaymentRefunded':
      return paymentRefunded(state, command.refundId);
    case 'CheckDeadline':
      return checkDeadline(state, command.now, policy);
    default: {
      const exhaustive: never = command;
      return exhaustive;
    }
  }
}

function placeOrder(state: OrderState, c: Extract<SagaCommand, { type: 'PlaceOrder' }>): OrderEvent[] {
  if (state.status !== 'NEW') throw new ConflictError(`order ${c.orderId} already exists`, { code: 'ORDER_EXISTS' });
  const totalMinor = c.items.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
  const stock = c.items.map(({ productId, quantity }) => ({ productId, quantity }));
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId: c.orderId,
        customer: c.customer,
        items: c.items,
        totalMinor,
        currency: c.currency,
        placedAt: c.now,
      },
    },
    { type: 'InventoryReservationRequested', data: { orderId: c.orderId, items: stock, attempt: 1 } },
  ];
}

const CANCELLABLE = ['RESERVING', 'PAYING', 'SCHEDULING', 'CONFIRMED'];

function cancelOrder(state: OrderState, reason: string): OrderEvent[] {
  if (state.status === 'NEW')
    throw new NotFoundError(`order ${state.orderId} does not exist`, { code: 'ORDER_NOT_FOUND' });
  if (state.status === 'COMPENSATING' && state.cancellation?.reason === 'CUSTOMER_REQUEST') return [];
  if (!CANCELLABLE.includes(state.status)) {
    throw new ConflictError(`order ${state.orderId} is ${state.status}; it can be cancelled only until it is shipped`, {
      code: 'ORDER_NOT_CANCELLABLE',
    });
  }
  return beginCompensation(state, {
    reason: 'CUSTOMER_REQUEST',
    detail: reason || "cancelled at the customer's request",
    productId: null,
  });
}

function observe(state: OrderState, event: OrderEvent, now: number): OrderEvent[] {
  const after = evolve(state, event, now);
  if (state.status === 'COMPENSATING')
    return after.status === 'COMPENSATING' ? nextCompensation(after) : resumeAfterWithdrawal(after, now);
  switch (event.type) {
    case 'InventoryReservationRejected': {
      const { productId, requested, available } = event.data;
      const outOfStock: Cancellation = {
        reason: 'OUT_OF_STOCK',
        detail: `${productId} is out of stock (requested ${requested}, available ${available})`,
        productId,
      };
      if (state.status === 'RESERVING') return [cancelled(state, outOfStock)];
      // The hold expired before inventory saw the confirmation and the stock is gone now: undo the order.
      if (state.status === 'CONFIRMED' && state.inventory === 'RELEASED') return beginCompensation(after, outOfStock);
      return [];
    }
    case 'ShipmentScheduled':
      return state.status === 'SCHEDULING' ? [{ type: 'OrderConfirmed', data: { orderId: state.orderId } }] : [];
    case 'InventoryReserved':
      // A re-request answered after the order ended: give that stock back now rather than after its TTL.
      return state.status === 'CANCELLED' && after.inventory === 'RESERVED'
        ? [
            {
              type: 'InventoryReleaseRequested',
              data: { orderId: state.orderId, reason: state.cancellation?.reason ?? 'CANCELLED' },
            },
          ]
        : [];
    case 'ShipmentFailed':
      return state.status === 'SCHEDULING'
        ? beginCompensation(after, { reason: 'SHIPPING_FAILED', detail: event.data.reason, productId: null })
        : [];
    case 'ShipmentStatusChanged':
      return followParcel(state, event.data.status, event.data.changedAt);
    case 'InventoryReleased':
      // Inventory let an unconfirmed hold expire (e.g. payment stuck for long): the stock is gone, so cancel.
      // Expiry of a CONFIRMED order's hold means inventory has not yet seen OrderConfirmed, which follows it
      // on the same key: inventory then holds the stock again (or rejects, handled above).
      if (event.data.reason !== 'EXPIRED' || !['PAYING', 'SCHEDULING'].includes(state.status)) return [];
      return beginCompensation(after, {
        reason: 'TIMEOUT',
        detail: 'the stock reservation expired before the order was confirmed',
        productId: null,
      });
    default:
      return [];
  }
}

/**
 * The order follows the parcel's latest status, not each step: carriers skip statuses (IN_TRANSIT
 * without SHIPPED, DELIVERED straight away), and any status from SHIPPED on means the parcel left.
 */
function followParcel(state: OrderState, status: string, at: number): OrderEvent[] {
  const { orderId, shipment } = state;
  const events: OrderEvent[] = [];
  if (PARCEL_LEFT.includes(status) && state.status === 'CONFIRMED') {
    events.push({
      type: 'OrderShipped',
      data: { orderId, carrier: shipment.carrier ?? 'unknown', trackingNumber: shipment.trackingNumber ?? 'unknown' },
    });
  }
  if (status === 'DELIVERED' && ['CONFIRMED', 'SHIPPED'].includes(state.status))
    events.push({ type: 'OrderDelivered', data: { orderId, deliveredAt: at } });
  return events;
}

/**
 * The carrier refused to cancel because the parcel had left: the order carries on and catches up with
 * the parcel. A cancellation started before confirmation never emitted OrderConfirmed; it comes first
 * now, because inventory only keeps (and later commits) the stock of a confirmed order.
 */
function resumeAfterWithdrawal(after: OrderState, now: number): OrderEvent[] {
  if (!PARCEL_LEFT.includes(after.shipment.step)) return [];
  const confirmation: OrderEvent[] = after.confirmed
    ? []
    : [{ type: 'OrderConfirmed', data: { orderId: after.orderId } }];
  return [...confirmation, ...followParcel({ ...after, status: 'CONFIRMED' }, after.shipment.step, now)];
}

/** A payment result counts while the saga waits for one: due (NONE) or to be settled after a cancellation. */
const awaitsPaymentResult = (state: OrderState): boolean =>
  state.payment.step === 'NONE' || state.payment.step === 'UNSETTLED';

/**
 * A result may land late, after a cancellation: it is recorded either way, and money taken for an order
 * that will not go ahead is refunded (by the compensation, or, on an order already cancelled by older
 * code, by the refund its pending work then owes).
 */
function paymentAuthorized(state: OrderState, paymentId: string): OrderEvent[] {
  if (!awaitsPaymentResult(state)) return [];
  const authorized: OrderEvent = {
    type: 'PaymentAuthorized',
    data: { orderId: state.orderId, paymentId, amountMinor: state.totalMinor, currency: state.currency },
  };
  const after = evolve(state, authorized, 0);
  if (state.status === 'COMPENSATING') return [authorized, ...nextCompensation(after)];
  if (state.status === 'PAYING') return [authorized, shipmentRequest(state, 1)];
  return [authorized];
}

/** Only a decline of a payment the order still waits for starts a compensation; a late one is just recorded. */
function paymentDeclined(state: OrderState, reason: string): OrderEvent[] {
  if (!awaitsPaymentResult(state)) return [];
  const declined: OrderEvent = {
    type: 'PaymentDeclined',
    data: { orderId: state.orderId, amountMinor: state.totalMinor, currency: state.currency, reason },
  };
  const after = evolve(state, declined, 0);
  if (state.status === 'COMPENSATING') return [declined, ...nextCompensation(after)];
  if (state.status !== 'PAYING') return [declined];
  return [
    declined,
    ...beginCompensation(after, { reason: 'PAYMENT_DECLINED', detail: `payment declined: ${reason}`, productId: null }),
  ];
}

function paymentRefunded(state: OrderState, refundId: string): OrderEvent[] {
  if (state.payment.step !== 'AUTHORIZED' || !state.payment.paymentId) return [];
  const refunded: OrderEvent = {
    type: 'PaymentRefunded',
    data: {
      orderId: state.orderId,
      paymentId: state.payment.paymentId,
      refundId,
      amountMinor: state.totalMinor,
      currency: state.currency,
    },
  };
  const after = evolve(state, refunded, 0);
  return state.status === 'COMPENSATING' ? [refunded, ...nextCompensation(after)] : [refunded];
}

function checkDeadline(state: OrderState, now: number, policy: SagaPolicy): OrderEvent[] {
  const { waiting } = state;
  if (!waiting) return [];
  const deadline = replyDeadline(state, policy);
  if (deadline === null || now < deadline) return [];
  switch (waiting.for) {
    case 'RESERVATION':
      if (state.status !== 'RESERVING') return [];
      if (waiting.attempts < policy.maxAttempts) return [reservationRequest(state, waiting.attempts + 1)];
      return beginCompensation(state, {
        reason: 'TIMEOUT',
        detail: 'inventory did not answer in time',
        productId: null,
      });
    case 'SHIPMENT':
      if (state.status !== 'SCHEDULING') return [];
      if (waiting.attempts < policy.maxAttempts) return [shipmentRequest(state, waiting.attempts + 1)];
      return beginCompensation(state, {
        reason: 'TIMEOUT',
        detail: 'shipping did not answer in time',
        productId: null,
      });
    case 'SHIPMENT_CANCELLATION':
      return [
        {
          type: 'ShipmentCancellationRequested',
          data: { orderId: state.orderId, reason: state.cancellation?.reason ?? 'CANCELLED' },
        },
      ];
    case 'RELEASE':
      return [
        {
          type: 'InventoryReleaseRequested',
          data: { orderId: state.orderId, reason: state.cancellation?.reason ?? 'CANCELLED' },
        },
      ];
    case 'DELIVERY':
      // No news of the parcel: ask shipping again; it answers with the shipment and its latest status.
      return awaitsParcel(state) ? [shipmentRequest(state, waiting.attempts + 1)] : [];
  }
}

function reservationRequest(state: OrderState, attempt: number): OrderEvent {
  return {
    type: 'InventoryReservationRequested',
    data: {
      orderId: state.orderId,
      items: state.items.map(({ productId, quantity }) => ({ productId, quantity })),
      attempt,
    },
  };
}

function shipmentRequest(state: OrderState, attempt: number): OrderEvent {
  const c = state.customer;
  const recipient = {
    name: c ? `${c.firstName} ${c.lastName}` : '',
    address: c?.address ?? '',
    city: c?.city ?? '',
    state: c?.state ?? '',
    zipCode: c?.zipCode ?? '',
  };
  return {
    type: 'ShipmentRequested',
    data: {
      orderId: state.orderId,
      recipient,
      items: state.items.map(({ productId, quantity }) => ({ productId, quantity })),
      attempt,
    },
  };
}

function cancelled(state: OrderState, c: Cancellation): OrderEvent {
  return {
    type: 'OrderCancelled',
    data: { orderId: state.orderId, reason: c.reason, detail: c.detail, productId: c.productId },
  };
}

/** Enters COMPENSATING with the reason recorded, then takes the first compensation step. */
function beginCompensation(state: OrderState, c: Cancellation): OrderEvent[] {
  const requested: OrderEvent = {
    type: 'OrderCancellationRequested',
    data: {
      orderId: state.orderId,
      reason: formatCancellation(c),
      code: c.reason,
      detail: c.detail,
      productId: c.productId,
    },
  };
  return [requested, ...nextCompensation(evolve(state, requested, 0))];
}

/**
 * Undo completed steps newest first: cancel the shipment, refund the payment (the payment worker
 * does that call), release the stock; when nothing is held any more, the order is cancelled.
 */
export function nextCompensation(state: OrderState): OrderEvent[] {
  const { orderId } = state;
  const reason: CancellationReason = state.cancellation?.reason ?? 'CUSTOMER_REQUEST';
  const shipment = state.shipment.step;
  if (shipment === 'REQUESTED' || shipment === 'SCHEDULED')
    return [{ type: 'ShipmentCancellationRequested', data: { orderId, reason } }];
  if (shipment === 'CANCEL_REQUESTED') return [];
  if (state.payment.step === 'AUTHORIZED' || state.payment.step === 'UNSETTLED') return []; // the scheduler refunds / settles
  if (state.inventory === 'REQUESTED' || state.inventory === 'RESERVED')
    return [{ type: 'InventoryReleaseRequested', data: { orderId, reason } }];
  if (state.inventory === 'RELEASE_REQUESTED') return [];
  return [cancelled(state, state.cancellation ?? { reason, detail: 'cancelled', productId: null })];
}
