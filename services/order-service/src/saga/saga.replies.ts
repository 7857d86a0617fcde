import type { EventOf } from '@kot/events';
import type { DecidedEvent, ObservedEvent } from './order.events';
import { PARCEL_LEFT, type OrderState, type OrderStatus } from './order.state';
import { stepsAfter, type Steps } from './order.steps';
import {
  beginCompensation,
  cancelled,
  confirmed,
  nextCompensation,
  releaseRequest,
  shipmentRequest,
} from './saga.requests';

/**
 * What the saga decides when another service's event lands (the event itself is recorded beside the
 * decision by the runner). `held` is what the order holds once the event is recorded: a compensation
 * goes on from there.
 */
export function observe(state: OrderState, event: ObservedEvent, now: number): DecidedEvent[] {
  const held = stepsAfter(state, event);
  if (state.status === 'COMPENSATING')
    return event.type === 'ShipmentCancellationRejected'
      ? resumeAfterWithdrawal(state, event.data.status, now)
      : nextCompensation(state.orderId, held, state.cancellation);
  switch (event.type) {
    case 'InventoryReservationRejected':
      return stockRefused(state, held, event.data);
    case 'InventoryConfirmed':
      if (confirmingStock(state)) return [shipmentRequest(state, 1)];
      return heldAfterEnd(state, held);
    case 'ShipmentScheduled':
      return state.status === 'SCHEDULING' ? [confirmed(state.orderId)] : [];
    case 'InventoryReserved':
      return heldAfterEnd(state, held);
    case 'ShipmentFailed':
      return state.status === 'SCHEDULING'
        ? beginCompensation(state, held, { reason: 'SHIPPING_FAILED', detail: event.data.reason, productId: null })
        : [];
    case 'ShipmentStatusChanged':
      return followParcel(state, state.status, event.data.status, event.data.changedAt);
    case 'InventoryReleased':
      // The hold lapsed while the payment was due (stuck for long): the stock may be gone, so cancel. A lapse
      // reported once the stock was asked for good is left to that answer (retaken, or refused above).
      if (event.data.reason !== 'EXPIRED' || held.inventory !== 'RELEASED') return [];
      if (state.status !== 'PAYING' && state.status !== 'SCHEDULING') return [];
      return beginCompensation(state, held, {
        reason: 'TIMEOUT',
        detail: 'the stock reservation expired before the order was confirmed',
        productId: null,
      });
    default:
      return [];
  }
}

type Shortage = EventOf<'InventoryReservationRejected'>['data'];

/** Paid for and waiting for inventory to keep the stock (saga step CONFIRM_STOCK): its answer moves the order. */
const confirmingStock = (state: OrderState): boolean =>
  state.status === 'SCHEDULING' && state.inventory === 'CONFIRM_REQUESTED';

/**
 * Out of stock: when reserving, nothing is held, so the order is cancelled at once. When confirming, the
 * order is paid for but its hold lapsed and the stock went to another order: undone (refund first), before
 * any parcel was booked.
 */
function stockRefused(state: OrderState, held: Steps, { productId, requested, available }: Shortage): DecidedEvent[] {
  const shortage = `${productId} is out of stock (requested ${requested}, available ${available})`;
  if (state.status === 'RESERVING')
    return [cancelled(state.orderId, { reason: 'OUT_OF_STOCK', detail: shortage, productId })];
  if (!confirmingStock(state)) return [];
  const detail = `the stock hold lapsed while the payment was made and ${shortage}`;
  return beginCompensation(state, held, { reason: 'OUT_OF_STOCK', detail, productId });
}

/** Stock held by an answer that reached an order already cancelled (a late re-request): given back now, not after a TTL. */
function heldAfterEnd(state: OrderState, held: Steps): DecidedEvent[] {
  const holds = held.inventory === 'RESERVED' || held.inventory === 'CONFIRMED';
  return state.status === 'CANCELLED' && holds
    ? [releaseRequest(state.orderId, state.cancellation?.reason ?? 'CANCELLED')]
    : [];
}

/**
 * The order follows the parcel's latest status, not each step: carriers skip statuses (IN_TRANSIT
 * without SHIPPED, DELIVERED straight away), and any status from SHIPPED on means the parcel left.
 */
function followParcel(state: OrderState, status: OrderStatus, parcel: string, at: number): DecidedEvent[] {
  const { orderId, shipment } = state;
  const events: DecidedEvent[] = [];
  if (PARCEL_LEFT.includes(parcel) && status === 'CONFIRMED') {
    events.push({
      type: 'OrderShipped',
      data: { orderId, carrier: shipment.carrier ?? 'unknown', trackingNumber: shipment.trackingNumber ?? 'unknown' },
    });
  }
  if (parcel === 'DELIVERED' && ['CONFIRMED', 'SHIPPED'].includes(status))
    events.push({ type: 'OrderDelivered', data: { orderId, deliveredAt: at } });
  return events;
}

/**
 * The carrier refused to cancel because the parcel had left: the order carries on (CONFIRMED again) and
 * catches up with the parcel. A cancellation started before confirmation never emitted OrderConfirmed;
 * it comes first now, because inventory only keeps (and later commits) the stock of a confirmed order.
 */
function resumeAfterWithdrawal(state: OrderState, parcel: string, now: number): DecidedEvent[] {
  if (!PARCEL_LEFT.includes(parcel)) return [];
  const confirmation = state.confirmed ? [] : [confirmed(state.orderId)];
  return [...confirmation, ...followParcel(state, 'CONFIRMED', parcel, now)];
}
