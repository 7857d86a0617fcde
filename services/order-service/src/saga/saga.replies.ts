import type { DecidedEvent, ObservedEvent } from './order.events';
import { PARCEL_LEFT, type Cancellation, type OrderState, type OrderStatus } from './order.state';
import { stepsAfter } from './order.steps';
import { beginCompensation, cancelled, confirmed, nextCompensation, releaseRequest } from './saga.requests';

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
    case 'InventoryReservationRejected': {
      const { productId, requested, available } = event.data;
      const outOfStock: Cancellation = {
        reason: 'OUT_OF_STOCK',
        detail: `${productId} is out of stock (requested ${requested}, available ${available})`,
        productId,
      };
      if (state.status === 'RESERVING') return [cancelled(state.orderId, outOfStock)];
      // The hold expired before inventory saw the confirmation and the stock is gone now: undo the order.
      if (state.status === 'CONFIRMED' && state.inventory === 'RELEASED')
        return beginCompensation(state, held, outOfStock);
      return [];
    }
    case 'ShipmentScheduled':
      return state.status === 'SCHEDULING' ? [confirmed(state.orderId)] : [];
    case 'InventoryReserved':
      // A re-request answered after the order ended: give that stock back now rather than after its TTL.
      return state.status === 'CANCELLED' && held.inventory === 'RESERVED'
        ? [releaseRequest(state.orderId, state.cancellation?.reason ?? 'CANCELLED')]
        : [];
    case 'ShipmentFailed':
      return state.status === 'SCHEDULING'
        ? beginCompensation(state, held, { reason: 'SHIPPING_FAILED', detail: event.data.reason, productId: null })
        : [];
    case 'ShipmentStatusChanged':
      return followParcel(state, state.status, event.data.status, event.data.changedAt);
    case 'InventoryReleased':
      // Inventory let an unconfirmed hold expire (e.g. payment stuck for long): the stock is gone, so cancel.
      // Expiry of a CONFIRMED order's hold means inventory has not yet seen OrderConfirmed, which follows it
      // on the same key: inventory then holds the stock again (or rejects, handled above).
      if (event.data.reason !== 'EXPIRED' || !['PAYING', 'SCHEDULING'].includes(state.status)) return [];
      return beginCompensation(state, held, {
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
