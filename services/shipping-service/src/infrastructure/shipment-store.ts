import type { Cause } from '@kot/messaging';
import type { PgTx } from '@kot/postgres';
import type { Booking, Shipment, ShipmentChange, ShipmentStatus } from '../shipments/shipment';

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
  id: string;
  order_id: string;
  status: string;
  recipient: unknown;
  items: unknown;
  callback_url: string | null;
  carrier: string | null;
  tracking_number: string | null;
  carrier_ref: string | null;
  estimated_delivery_at: Date | null;
  failure_reason: string | null;
  pending_action: string | null;
  attempts: number;
  correlation_id: string;
  causation_id: string;
  traceparent: string | null;
}

export type Locator = { orderId: string } | { idOrTrackingNumber: string };

function bookingOf(row: Row): Booking | null {
  if (!row.carrier || !row.tracking_number) return null;
  return {
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    carrierRef: row.carrier_ref ?? '',
    estimatedDeliveryAt: row.estimated_delivery_at?.getTime() ?? 0,
  };
}

/**
 * Reads a shipment and locks its row for the rest of the transaction, so a carrier callback, a worker
 * result and a saga request for the same shipment are decided one after another on fresh state.
 */
export async function lockShipment(tx: PgTx, locator: Locator): Promise<StoredShipment | null> {
  const byOrder = 'orderId' in locator;
  const [row] = byOrder
    ? await tx.query<Row>(
        'SELECT * FROM shipping_service.shipments WHERE order_id = $1 LIMIT 1 FOR UPDATE',
        [locator.orderId],
        'shipment-lock-by-order',
      )
    : await tx.query<Row>(
        'SELECT * FROM shipping_service.shipments WHERE id = $1 OR tracking_number = $1 LIMIT 1 FOR UPDATE',
        [locator.idOrTrackingNumber],
        'shipment-lock-by-id',
      );
  if (!row) return null;
  const reached = await tx.query<{ status: string }>(
    'SELECT status FROM shipping_service.tracking_history WHERE shipment_id = $1 ORDER BY id',
    [row.id],
    'shipment-reached',
  );
  const shipment: Shipment = {
    shipmentId: row.id,
    orderId: row.order_id,
    status: row.status as ShipmentStatus,
    booking: bookingOf(row),
    failureReason: row.failure_reason,
    work: row.pending_action as Shipment['work'],
    reached: reached.map((r) => r.status as ShipmentStatus),
  };
  return {
    shipment,
    recipient: row.recipient,
    items: row.items,
    callbackUrl: row.callback_url,
    attempts: row.attempts,
    cause: { correlationId: row.correlation_id, causationId: row.causation_id, traceparent: row.traceparent },
  };
}

/** What only a newly created shipment row carries: the request's contents and causal context. */
export interface NewShipment {
  recipient: unknown;
  items: unknown;
  callbackUrl: string | null;
  cause: Cause;
}

const INSERT_SHIPMENT = `
  INSERT INTO shipping_service.shipments (id, order_id, status, failure_reason, carrier, tracking_number, carrier_ref, estimated_delivery_at,
      pending_action, due_at, attempts, last_error, created_at, updated_at, recipient, items, callback_url, correlation_id, causation_id, traceparent)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, NULL, $11, $11, $12::jsonb, $13::jsonb, $14, $15, $16, $17)`;

// $9 says whether the pending work changed: new work is due at once with a fresh attempt count,
// unchanged work keeps its schedule (and the worker's lease).
const UPDATE_SHIPMENT = `
  UPDATE shipping_service.shipments SET status = $2, failure_reason = $3, carrier = $4, tracking_number = $5, carrier_ref = $6,
      estimated_delivery_at = $7, updated_at = $8,
      pending_action = CASE WHEN $9::boolean THEN $10 ELSE pending_action END,
      due_at = CASE WHEN $9::boolean THEN $11::timestamptz ELSE due_at END,
      attempts = CASE WHEN $9::boolean THEN 0 ELSE attempts END,
      last_error = CASE WHEN $9::boolean THEN NULL ELSE last_error END
    WHERE id = $1`;

const INSERT_HISTORY = `
  INSERT INTO shipping_service.tracking_history (shipment_id, status, location, occurred_at, source, recorded_at)
    SELECT $1, h->>'status', h->>'location', (h->>'occurredAt')::timestamptz, h->>'source', $3
      FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(h, n) ORDER BY n`;

/** status, failure reason and the booking's four columns, in the statements' order. */
function stateValues(s: Shipment): unknown[] {
  return [
    s.status,
    s.failureReason,
    s.booking?.carrier ?? null,
    s.booking?.trackingNumber ?? null,
    s.booking?.carrierRef ?? null,
    s.booking ? new Date(s.booking.estimatedDeliveryAt) : null,
  ];
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** Persists a decision: the shipment's new state and its new tracking steps. Events are emitted by the caller. */
export async function saveDecision(
  tx: PgTx,
  previous: StoredShipment | null,
  decision: ShipmentChange,
  created: NewShipment | null,
  now: Date,
): Promise<void> {
  const next = decision.shipment;
  if (next && !previous) {
    const { recipient, items, callbackUrl, cause } = created ?? {
      recipient: null,
      items: null,
      callbackUrl: null,
      cause: { correlationId: '', causationId: null, traceparent: null },
    };
    await tx.query(
      INSERT_SHIPMENT,
      [
        next.shipmentId,
        next.orderId,
        ...stateValues(next),
        next.work,
        next.work ? now : null,
        now,
        json(recipient),
        json(items),
        callbackUrl,
        cause.correlationId,
        cause.causationId ?? '',
        cause.traceparent,
      ],
      'shipment-insert',
    );
  } else if (next && previous) {
    const workChanged = previous.shipment.work !== next.work;
    await tx.query(
      UPDATE_SHIPMENT,
      [next.shipmentId, ...stateValues(next), now, workChanged, next.work, next.work ? now : null],
      'shipment-update',
    );
  }
  const shipmentId = next?.shipmentId ?? previous?.shipment.shipmentId;
  if (decision.history.length === 0 || !shipmentId) return;
  const history = decision.history.map((h) => ({
    status: h.status,
    location: h.location,
    occurredAt: new Date(h.occurredAt).toISOString(),
    source: h.source,
  }));
  await tx.query(INSERT_HISTORY, [shipmentId, JSON.stringify(history), now], 'shipment-history');
}
