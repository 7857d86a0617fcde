import type { Database } from '@kot/postgres';
import { forEachConcurrently, PeriodicWorker, type Logger } from '@kot/service-kit';
import type { Shipment, ShipmentCommand } from '../shipments/shipment';
import type { CarrierClient } from './carrier-client';
import { handleCommand, emitOnShipmentTrace, type ShippingDeps } from './shipment-commands';
import { lockShipment, type StoredShipment } from './shipment-store';

export interface WorkerOptions {
  sql: Database;
  deps: ShippingDeps;
  carrier: CarrierClient;
  logger: Logger;
  intervalMs: number;
  batchSize: number;
  /** How long a claimed row stays hidden from other instances while its carrier call runs. */
  leaseMs: number;
  /** Ceiling of the wait between attempts while the carrier is down. */
  maxBackoffMs: number;
}

interface Claimed {
  id: string;
  pending_action: string;
}

/**
 * Performs the carrier work shipments owe (BOOK, CANCEL, VOID): claim due rows (SKIP LOCKED plus a
 * lease, so instances never work on the same shipment at once), call the carrier with no transaction
 * open, then record the result in a second transaction that re-reads the row under lock, decides and
 * writes the events to the outbox. An outage only pushes due_at back: the work is never dropped.
 */
export class ShipmentWorker extends PeriodicWorker {
  constructor(private readonly options: WorkerOptions) {
    super({ name: 'shipment worker', intervalMs: options.intervalMs, logger: options.logger });
  }

  /** Runs the due carrier work once; returns how many shipments were worked on. */
  async tick(): Promise<number> {
    const claimed = await this.claim();
    await forEachConcurrently(claimed, 8, (row) => this.work(row));
    return claimed.length;
  }

  private claim(): Promise<Claimed[]> {
    const now = new Date(this.options.deps.clock.now());
    return this.options.sql.session.query<Claimed>(
      `UPDATE shipping_service.shipments SET due_at = $1::timestamptz + ($3 || ' milliseconds')::interval
         WHERE id IN (SELECT id FROM shipping_service.shipments WHERE pending_action IS NOT NULL AND due_at <= $1::timestamptz
                      ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id, pending_action`,
      [now, this.options.batchSize, String(this.options.leaseMs)],
      'shipment-claim-due-work',
    );
  }

  private async work(row: Claimed): Promise<void> {
    try {
      const stored = await this.options.sql.transaction((tx) => lockShipment(tx, { idOrTrackingNumber: row.id }));
      if (!stored || stored.shipment.work !== row.pending_action) return; // decided otherwise meanwhile
      let shipment: Shipment | null = stored.shipment;
      if ((shipment.work === 'VOID' || shipment.work === 'CANCEL') && !shipment.booking) {
        // A booking whose reply was lost is found by booking again under the same idempotency key,
        // then cancelled in this same pass rather than when the lease runs out.
        shipment = await this.record(row.id, await this.book(stored));
        if ((shipment?.work !== 'VOID' && shipment?.work !== 'CANCEL') || !shipment.booking) return;
      }
      await this.record(row.id, shipment.work === 'BOOK' ? await this.book(stored) : await this.cancel(shipment));
    } catch (error) {
      await this.backOff(row, error);
    }
  }

  /** The carrier calls, outside any transaction; each answer becomes a command for the decider. */
  private async book(stored: StoredShipment): Promise<ShipmentCommand> {
    const { orderId } = stored.shipment;
    const result = await this.options.carrier.book({
      orderId,
      recipient: stored.recipient,
      items: stored.items,
      callbackUrl: stored.callbackUrl ?? '',
    });
    const now = this.options.deps.clock.now();
    return result.outcome === 'BOOKED'
      ? { type: 'RecordBooking', booking: result.booking, now }
      : { type: 'RecordRefusal', reason: result.reason, now };
  }

  private async cancel(shipment: Shipment): Promise<ShipmentCommand> {
    // Never an empty tracking number: the carrier's 404 for it would read as "nothing left to cancel".
    if (!shipment.booking) throw new Error(`shipment ${shipment.shipmentId} owes ${shipment.work} but has no booking`);
    const result = await this.options.carrier.cancel(shipment.booking.trackingNumber);
    const now = this.options.deps.clock.now();
    return result.outcome === 'CANCELLED'
      ? { type: 'RecordCarrierCancel', now }
      : { type: 'RecordCancelRefused', carrierStatus: result.status, now };
  }

  /** Records a carrier answer; returns the shipment as it now stands (null: it no longer exists). */
  private async record(shipmentId: string, command: ShipmentCommand): Promise<Shipment | null> {
    const { deps, sql } = this.options;
    return sql.transaction(async (tx) => {
      const { stored, shipment, events } = await handleCommand(tx, deps, { idOrTrackingNumber: shipmentId }, command);
      if (stored && events.length > 0) await emitOnShipmentTrace(tx, deps, stored.cause, events);
      return shipment;
    });
  }

  /** Exponential backoff, capped; only if the row still owes the same work (a cancel may have replaced it). */
  private async backOff(row: Claimed, error: unknown): Promise<void> {
    const { sql, deps, logger, maxBackoffMs } = this.options;
    const message = error instanceof Error ? error.message : String(error);
    const updated = await sql.session
      .query<{ attempts: number }>(
        `UPDATE shipping_service.shipments
          SET attempts = attempts + 1, last_error = $3,
              due_at = $4::timestamptz + (LEAST($5::float8, 250 * power(2, LEAST(attempts, 16))) || ' milliseconds')::interval
        WHERE id = $1 AND pending_action = $2 RETURNING attempts`,
        [row.id, row.pending_action, message.slice(0, 500), new Date(deps.clock.now()), maxBackoffMs],
        'shipment-back-off',
      )
      .catch((e: unknown) => {
        logger.error({ err: e, shipmentId: row.id }, 'could not record carrier backoff');
        return [];
      });
    logger.warn(
      { err: error, shipmentId: row.id, action: row.pending_action, attempts: updated[0]?.attempts },
      'carrier work failed; will retry',
    );
  }
}
