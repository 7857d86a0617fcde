import type { EventOf } from '@kot/events';
import type { DecidedEvent } from './order.events';
import { formatCancellation, type Cancellation, type OrderState } from './order.state';
import { paymentOnCancellation, type Steps } from './order.steps';
import { stepOf } from './saga.table';

// The saga's requests to other services and its final word, built from the order as it stands (a
// re-request is the same request with the next attempt number), and the compensation that picks them.

const stockOf = (state: OrderState) => state.items.map(({ productId, quantity }) => ({ productId, quantity }));

export function reservationRequest(state: OrderState, attempt: number): EventOf<'InventoryReservationRequested'> {
  return {
    type: 'InventoryReservationRequested',
    data: { orderId: state.orderId, items: stockOf(state), attempt },
  };
}

/** Paid for: keep the stock for good before a parcel is booked (a hold may have lapsed while paying). */
export function confirmationRequest(state: OrderState, attempt: number): EventOf<'InventoryConfirmationRequested'> {
  return {
    type: 'InventoryConfirmationRequested',
    data: { orderId: state.orderId, items: stockOf(state), attempt },
  };
}

export function shipmentRequest(state: OrderState, attempt: number): EventOf<'ShipmentRequested'> {
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
    data: { orderId: state.orderId, recipient, items: stockOf(state), attempt },
  };
}

/** `reason` as a code: the compensation names why it undoes the step. */
export const releaseRequest = (orderId: string, reason: string): EventOf<'InventoryReleaseRequested'> => ({
  type: 'InventoryReleaseRequested',
  data: { orderId, reason },
});

export const shipmentCancellation = (orderId: string, reason: string): EventOf<'ShipmentCancellationRequested'> => ({
  type: 'ShipmentCancellationRequested',
  data: { orderId, reason },
});

export const cancelled = (orderId: string, c: Cancellation): EventOf<'OrderCancelled'> => ({
  type: 'OrderCancelled',
  data: { orderId, reason: c.reason, detail: c.detail, productId: c.productId },
});

export const confirmed = (orderId: string): EventOf<'OrderConfirmed'> => ({
  type: 'OrderConfirmed',
  data: { orderId },
});

/**
 * Enters COMPENSATING with the reason recorded, then takes the first compensation step. `held` is what
 * the order holds once the event that failed it is recorded (a decline, a failed shipment, ...).
 */
export function beginCompensation(state: OrderState, held: Steps, c: Cancellation): DecidedEvent[] {
  const requested: DecidedEvent = {
    type: 'OrderCancellationRequested',
    data: {
      orderId: state.orderId,
      reason: formatCancellation(c),
      code: c.reason,
      detail: c.detail,
      productId: c.productId,
    },
  };
  const payment = paymentOnCancellation(state.status, held.payment);
  return [requested, ...nextCompensation(state.orderId, { ...held, payment }, c)];
}

/**
 * Undo completed steps newest first, as the saga table orders them: cancel the shipment, settle or
 * refund the payment (the scheduler makes those calls), release the stock; when nothing is held any
 * more, the order is cancelled. A step that waits on a reply or the scheduler emits nothing now.
 */
export function nextCompensation(orderId: string, held: Steps, cancellation: Cancellation | null): DecidedEvent[] {
  const move = stepOf('COMPENSATING', held)?.move;
  if (move?.by !== 'saga') return [];
  const reason = cancellation?.reason ?? 'CUSTOMER_REQUEST';
  switch (move.emits) {
    case 'ShipmentCancellationRequested':
      return [shipmentCancellation(orderId, reason)];
    case 'InventoryReleaseRequested':
      return [releaseRequest(orderId, reason)];
    case 'OrderCancelled':
      return [cancelled(orderId, cancellation ?? { reason, detail: 'cancelled', productId: null })];
    default: {
      const exhaustive: never = move.emits;
      return exhaustive;
    }
  }
}
