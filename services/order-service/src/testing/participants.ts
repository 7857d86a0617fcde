import type { OrderEvent } from '@kot/events';
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

export async function reserveStock(tap: EventTap, orderId: string): Promise<void> {
  const request = await tap.waitFor(orderId, 'InventoryReservationRequested');
  await reply(
    tap,
    request,
    { type: 'InventoryReserved', data: { orderId, items: request.event.data.items } },
    'inventory-service',
  );
}

/** Inventory's part once the order is paid for: keeps the stock for good (asked before any shipment). */
export async function keepStock(tap: EventTap, orderId: string): Promise<void> {
  const request = await tap.waitFor(orderId, 'InventoryConfirmationRequested');
  await reply(
    tap,
    request,
    { type: 'InventoryConfirmed', data: { orderId, items: request.event.data.items } },
    'inventory-service',
  );
}

export async function scheduleShipment(tap: EventTap, orderId: string): Promise<void> {
  const request = await tap.waitFor(orderId, 'ShipmentRequested');
  await reply(
    tap,
    request,
    {
      type: 'ShipmentScheduled',
      data: {
        orderId,
        shipmentId: `shp-${orderId.slice(0, 8)}`,
        carrier: 'SimExpress',
        trackingNumber: 'SIM000000000042',
        estimatedDeliveryAt: Date.now() + 86_400_000,
      },
    },
    'shipping-service',
  );
}

export async function moveParcel(
  tap: EventTap,
  orderId: string,
  status: 'SHIPPED' | 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED',
): Promise<void> {
  const scheduled = await tap.waitFor(orderId, 'ShipmentScheduled');
  await reply(
    tap,
    scheduled,
    {
      type: 'ShipmentStatusChanged',
      data: {
        orderId,
        shipmentId: scheduled.event.data.shipmentId,
        trackingNumber: scheduled.event.data.trackingNumber,
        status,
        location: 'Arlington, VA',
        changedAt: Date.now(),
      },
    },
    'shipping-service',
  );
}

export async function releaseStock(tap: EventTap, orderId: string): Promise<void> {
  const request = await tap.waitFor(orderId, 'InventoryReleaseRequested');
  await reply(
    tap,
    request,
    { type: 'InventoryReleased', data: { orderId, items: [], reason: 'REQUESTED' } },
    'inventory-service',
  );
}
