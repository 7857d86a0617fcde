import { assertNever } from '@kot/service-kit';
import type { OrderEvent } from '@kot/events';
import type { ShipmentEvent } from './shipment.events';

const cancelled = (orderId: string, shipmentId: string | null): OrderEvent => ({
  type: 'ShipmentCancelled',
  data: { orderId, shipmentId },
});

// A cancellation is only ever refused because the parcel left; `status` says what we or the carrier saw then.
const rejected = (orderId: string, shipmentId: string, status: string): OrderEvent => ({
  type: 'ShipmentCancellationRejected',
  data: { orderId, shipmentId, status, reason: 'already_shipped' },
});

/**
 * The one place shipping's own events become public (Avro) events: null for the bookkeeping the
 * rest of the system does not hear about (the carrier work owed or settled).
 */
export function toPublic(event: ShipmentEvent): OrderEvent | null {
  switch (event.type) {
    case 'ShipmentOpened':
    case 'LateBookingFound':
    case 'CarrierCancelQueued':
    case 'VoidSettled':
      return null;
    case 'BookingRecorded':
    case 'BookingRestated': {
      const { carrier, trackingNumber, estimatedDeliveryAt } = event.booking;
      const { orderId, shipmentId } = event;
      return { type: 'ShipmentScheduled', data: { orderId, shipmentId, carrier, trackingNumber, estimatedDeliveryAt } };
    }
    case 'BookingRefused':
    case 'FailureRestated':
      return { type: 'ShipmentFailed', data: { orderId: event.orderId, reason: event.reason } };
    case 'CancellationRecorded':
      return cancelled(event.orderId, event.booked ? event.shipmentId : null);
    case 'CancellationRestated':
      return cancelled(event.orderId, event.shipmentId);
    case 'CarrierCancelRefused':
      return rejected(event.orderId, event.shipmentId, event.carrierStatus);
    case 'CancellationRejected':
      return rejected(event.orderId, event.shipmentId, event.status);
    case 'ParcelMoved':
      return statusChanged(event, event.location);
    case 'StatusRestated':
      // A restated status names no place: only the carrier's own report carries one.
      return statusChanged(event, null);
    default:
      return assertNever(event);
  }
}

function statusChanged(
  event: Extract<ShipmentEvent, { type: 'ParcelMoved' | 'StatusRestated' }>,
  location: string | null,
): OrderEvent {
  const { orderId, shipmentId, trackingNumber, status, at } = event;
  return {
    type: 'ShipmentStatusChanged',
    data: { orderId, shipmentId, trackingNumber, status, location, changedAt: at },
  };
}

/** A decision's public events, in the order decided. */
export const publicEvents = (events: readonly ShipmentEvent[]): OrderEvent[] =>
  events.map(toPublic).filter((event): event is OrderEvent => event !== null);
