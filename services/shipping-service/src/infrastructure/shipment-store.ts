import type { Cause } from '@kot/messaging';
import type { Booking, Decision, Shipment, ShipmentStatus } from '../shipments/shipment';
import type { ShippingTx } from './prisma';

/** A shipment row: the domain state plus what the worker needs to call the carrier and to emit later. */
export interface StoredShipment {
  shipment: Shipment;
  recipient: unknown;
  items: unknown;
  callbackUrl: string | null;
  attempts: number;
  cause: Cause;
}

interface Row {
  id: string; order_id: string; status: string; recipient: unknown; items: unknown; callback_url: string | null;
  carrier: string | null; tracking_number: string | null; carrier_ref: string | null; estimated_delivery_at: Date | null;
  failure_reason: string | null; pending_action: string | null; attempts: number;
  correlation_id: string; causation_id: string; traceparent: string | null;
}

export type Locator = { orderId: string } | { idOrTrackingNumber: string };

function bookingOf(row: Row): Booking | null {
  if (!row.carrier || !row.tracking_number) return null;
  return { carrier: row.carrier, trackingNumber: row.tracking_number, carrierRef: row.carrier_ref ?? '', estimatedDeliveryAt: row.estimated_delivery_at?.getTime() ?? 0 };
}

/**
 * Reads a shipment and locks its row for the rest of the transaction, so a carrier callback, a worker
 * result and a saga request for the same shipment are decided one after another on fresh state.
 */
export async function lockShipment(tx: ShippingTx, locator: Locator): Promise<StoredShipment | null> {
  const [column, value] = 'orderId' in locator ? ['order_id = $1', locator.orderId] : ['(id = $1 OR tracking_number = $1)', locator.idOrTrackingNumber];
  const [row] = await tx.$queryRawUnsafe<Row[]>(`SELECT * FROM shipping_service.shipments WHERE ${column} LIMIT 1 FOR UPDATE`, value);
  if (!row) return null;
  const reached = await tx.trackingEntry.findMany({ where: { shipmentId: row.id }, orderBy: { id: 'asc' }, select: { status: true } });
  const shipment: Shipment = {
    shipmentId: row.id, orderId: row.order_id, status: row.status as ShipmentStatus, booking: bookingOf(row),
    failureReason: row.failure_reason, work: row.pending_action as Shipment['work'], reached: reached.map((r) => r.status as ShipmentStatus),
  };
  return {
    shipment, recipient: row.recipient, items: row.items, callbackUrl: row.callback_url, attempts: row.attempts,
    cause: { correlationId: row.correlation_id, causationId: row.causation_id, traceparent: row.traceparent },
  };
}

/** What only a newly created shipment row carries: the request's contents and causal context. */
export interface NewShipment { recipient: unknown; items: unknown; callbackUrl: string | null; cause: Cause }

function stateColumns(s: Shipment) {
  return {
    status: s.status, failureReason: s.failureReason,
    carrier: s.booking?.carrier ?? null, trackingNumber: s.booking?.trackingNumber ?? null, carrierRef: s.booking?.carrierRef ?? null,
    estimatedDeliveryAt: s.booking ? new Date(s.booking.estimatedDeliveryAt) : null,
  };
}

/** New work is due at once with a fresh attempt count; unchanged work keeps its schedule (and lease). */
function workColumns(next: Shipment, previous: Shipment | null, now: Date) {
  if (previous && previous.work === next.work) return {};
  return { pendingAction: next.work, dueAt: next.work ? now : null, attempts: 0, lastError: null };
}

/** Persists a decision: the shipment's new state and its new tracking steps. Events are emitted by the caller. */
export async function saveDecision(tx: ShippingTx, previous: StoredShipment | null, decision: Decision, created: NewShipment | null, now: Date): Promise<void> {
  const next = decision.shipment;
  if (next && !previous) {
    const { recipient, items, callbackUrl, cause } = created ?? { recipient: null, items: null, callbackUrl: null, cause: { correlationId: '', causationId: null, traceparent: null } };
    await tx.shipment.create({
      data: {
        id: next.shipmentId, orderId: next.orderId, ...stateColumns(next), ...workColumns(next, null, now), createdAt: now, updatedAt: now,
        recipient: recipient as object ?? undefined, items: items as object ?? undefined, callbackUrl,
        correlationId: cause.correlationId, causationId: cause.causationId ?? '', traceparent: cause.traceparent,
      },
    });
  } else if (next && previous) {
    await tx.shipment.update({ where: { id: next.shipmentId }, data: { ...stateColumns(next), ...workColumns(next, previous.shipment, now), updatedAt: now } });
  }
  const shipmentId = next?.shipmentId ?? previous?.shipment.shipmentId;
  if (decision.history.length === 0 || !shipmentId) return;
  await tx.trackingEntry.createMany({
    data: decision.history.map((h) => ({ shipmentId, status: h.status, location: h.location, occurredAt: new Date(h.occurredAt), source: h.source, recordedAt: now })),
  });
}
