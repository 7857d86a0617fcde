import { outboxWriter, type Cause, type Clock, type IdGenerator } from '@kot/messaging';
import { type Database, type PgTx } from '@kot/postgres';
import type { OrderEvent } from '@kot/events';
import { shipmentDecider } from '../shipments/shipment.decide';
import type { Shipment, ShipmentCommand } from '../shipments/shipment';
import { trackingSteps } from '../shipments/shipment.evolve';
import { publicEvents } from '../shipments/shipment.public';
import { foldEvents, NotFoundError } from '@kot/service-kit';
import { lockShipment, saveDecision, type Locator, type NewShipment, type StoredShipment } from './shipment-store';
import { SHIPPING_SCHEMA, SHIPPING_SERVICE } from '../service';

export interface ShippingDeps {
  clock: Clock;
  ids: IdGenerator;
  /** This service's externally reachable base URL: the carrier posts tracking callbacks there. */
  publicUrl: string;
}

export interface Applied {
  stored: StoredShipment | null;
  /** The shipment after the decision (null: there is still none). */
  shipment: Shipment | null;
  /** Whether the decision changed the shipment (and so wrote its row). */
  changed: boolean;
  /** The decision's public events, for the caller to emit (outbox). */
  events: OrderEvent[];
}

/** The webhook address handed to the carrier for one shipment; fixed when the shipment is created. */
export const callbackUrlFor = (publicUrl: string, shipmentId: string): string =>
  new URL(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/events`, publicUrl).toString();

/**
 * One shipping decision in the caller's transaction: lock the shipment row, decide, persist. When no
 * row exists yet nothing is locked: two creators race on the unique order_id, the loser rolls back and
 * is retried, and then decides on the winner's row. What to store comes from the decided events: the
 * new row by evolving (an answer leaves the state object as it was: no row to write), the tracking
 * steps they add; their public form goes back to the caller, who emits it (outbox).
 */
export async function handleCommand(
  tx: PgTx,
  deps: ShippingDeps,
  locator: Locator,
  command: ShipmentCommand,
  created: NewShipment | null = null,
): Promise<Applied> {
  const stored = await lockShipment(tx, locator);
  const state = stored?.shipment ?? shipmentDecider.initialState();
  const decided = shipmentDecider.decide(command, state);
  const shipment = foldEvents(shipmentDecider, decided, state);
  const changed = shipment !== state;
  const change = { shipment: changed ? shipment : null, history: trackingSteps(decided) };
  await saveDecision(tx, stored, change, created, new Date(deps.clock.now()));
  return { stored, shipment, changed, events: publicEvents(decided) };
}

/** Events decided outside a consumer (worker, webhook) go on the order's trace as recorded with the request. */
export async function emitOnShipmentTrace(
  tx: PgTx,
  deps: ShippingDeps,
  cause: Cause,
  events: readonly OrderEvent[],
): Promise<void> {
  await outboxWriter({ schema: SHIPPING_SCHEMA, service: SHIPPING_SERVICE, clock: deps.clock, ids: deps.ids }).append(
    tx,
    cause,
    events,
  );
}

export interface TrackingUpdate {
  trackingNumber: string;
  status: Extract<ShipmentCommand, { type: 'RecordTracking' }>['status'];
  location: string | null;
  occurredAt: number;
}

/**
 * A carrier callback for a shipment found by our shipment id or its tracking number: the step is
 * recorded and ShipmentStatusChanged written to the outbox in one transaction. Returns whether it changed anything.
 */
export async function recordTrackingUpdate(
  sql: Database,
  deps: ShippingDeps,
  idOrTrackingNumber: string,
  update: TrackingUpdate,
) {
  return sql.transaction(async (tx) => {
    const applied = await handleCommand(tx, deps, { idOrTrackingNumber }, { type: 'RecordTracking', ...update });
    const { stored, events, changed } = applied;
    if (!stored)
      throw new NotFoundError(`no shipment with id or tracking number ${idOrTrackingNumber}`, {
        code: 'SHIPMENT_NOT_FOUND',
      });
    if (events.length > 0) await emitOnShipmentTrace(tx, deps, stored.cause, events);
    const shipment = applied.shipment ?? stored.shipment;
    return { shipmentId: shipment.shipmentId, orderId: shipment.orderId, status: shipment.status, changed };
  });
}
