import type { EventOf, EventType, OrderEvent } from '@kot/events';
import type { EventTap, TappedEvent } from '@kot/testing';

/**
 * Plays the other services in the order service's own tests: answers a request the order service
 * put on the topic, carrying its correlation id and naming it as the cause, as a real participant would.
 */
export async function reply(tap: EventTap, request: TappedEvent, event: OrderEvent, producer: string): Promise<string> {
  return tap.publish(event, {
    producer,
    correlationId: request.headers['correlation-id'],
    causationId: request.headers['event-id'],
    traceparent: request.headers.traceparent,
  });
}

/** Waits for the order's first event of type `on` and answers it as `producer` would. */
async function answer<T extends EventType>(
  tap: EventTap,
  orderId: string,
  on: T,
  producer: string,
  answerTo: (request: EventOf<T>) => OrderEvent,
): Promise<void> {
  const request = await tap.waitFor(orderId, on);
  await reply(tap, request, answerTo(request.event), producer);
}

export const reserveStock = (tap: EventTap, orderId: string): Promise<void> =>
  answer(tap, orderId, 'InventoryReservationRequested', 'inventory-service', ({ data }) => ({
    type: 'InventoryReserved',
    data: { orderId, items: data.items },
  }));

/** Inventory's part once the order is paid for: keeps the stock for good (asked before any shipment). */
export const keepStock = (tap: EventTap, orderId: string): Promise<void> =>
  answer(tap, orderId, 'InventoryConfirmationRequested', 'inventory-service', ({ data }) => ({
    type: 'InventoryConfirmed',
    data: { orderId, items: data.items },
  }));

export const releaseStock = (tap: EventTap, orderId: string): Promise<void> =>
  answer(tap, orderId, 'InventoryReleaseRequested', 'inventory-service', () => ({
    type: 'InventoryReleased',
    data: { orderId, items: [], reason: 'REQUESTED' },
  }));

export const scheduleShipment = (tap: EventTap, orderId: string): Promise<void> =>
  answer(tap, orderId, 'ShipmentRequested', 'shipping-service', () => ({
    type: 'ShipmentScheduled',
    data: {
      orderId,
      shipmentId: `shp-${orderId.slice(0, 8)}`,
      carrier: 'SimExpress',
      trackingNumber: 'SIM000000000042',
      estimatedDeliveryAt: Date.now() + 86_400_000,
    },
  }));

export const moveParcel = (
  tap: EventTap,
  orderId: string,
  status: 'SHIPPED' | 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED',
): Promise<void> =>
  answer(tap, orderId, 'ShipmentScheduled', 'shipping-service', ({ data }) => ({
    type: 'ShipmentStatusChanged',
    data: {
      orderId,
      shipmentId: data.shipmentId,
      trackingNumber: data.trackingNumber,
      status,
      location: 'Arlington, VA',
      changedAt: Date.now(),
    },
  }));
