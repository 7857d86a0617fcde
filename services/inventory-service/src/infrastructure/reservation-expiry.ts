import { outboxWriter } from '@kot/messaging';
import { type Database } from '@kot/postgres';
import { PeriodicWorker, type Logger, type Metrics } from '@kot/service-kit';
import { handleCommand, type InventoryDeps } from './inventory-commands';
import { tryLockOrder } from './reservation-store';
import { INVENTORY_SCHEMA, INVENTORY_SERVICE } from '../service';

export interface ExpiryOptions {
  sql: Database;
  deps: InventoryDeps;
  logger: Logger;
  metrics: Metrics;
  intervalMs: number;
  batchSize: number;
}

/**
 * Gives back holds nobody confirmed or released within the TTL, with an InventoryReleased (EXPIRED)
 * on the order's trace. Due holds are found by (status, expires_at); each is expired in its own
 * transaction through the same decider as the handlers, which re-checks it under lock, so a hold
 * confirmed a moment ago is left alone.
 *
 * With several instances every one of them finds the same due holds. Each transaction first claims its
 * order with a try of the order's advisory lock and skips an order locked elsewhere (another instance
 * expiring it, or a handler deciding on it; a hold still due then is found again next round), and reads
 * the hold only after that, so one another instance expired a moment ago is seen and costs no more
 * locks. Instances thus share the due holds instead of each expiring all of them in turn.
 */
export class ReservationExpiry extends PeriodicWorker {
  private readonly expiredTotal;

  constructor(private readonly options: ExpiryOptions) {
    super({ name: 'reservation expiry', intervalMs: options.intervalMs, logger: options.logger });
    this.expiredTotal = options.metrics.counter({
      name: 'inventory_reservations_expired_total',
      help: 'Holds given back because nobody confirmed or released them in time',
    });
  }

  /** Expires every due hold (up to the batch size); returns how many were expired. */
  async tick(): Promise<number> {
    const now = this.options.deps.clock.now();
    const due = await this.options.sql.session.query<{ order_id: string }>(
      `SELECT order_id FROM inventory_service.reservations WHERE status = 'HELD' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
      [new Date(now), this.options.batchSize],
      'reservation-due',
    );
    let expired = 0;
    for (const { order_id: orderId } of due) if (await this.expire(orderId, now)) expired += 1;
    if (expired > 0) this.options.logger.info({ expired }, 'expired unconfirmed reservations');
    return expired;
  }

  private async expire(orderId: string, now: number): Promise<boolean> {
    const { deps, sql } = this.options;
    const emitted = await sql.transaction(async (tx) => {
      if (!(await tryLockOrder(tx, orderId))) return 0;
      const [row] = await tx.query<{ correlation_id: string; request_event_id: string; traceparent: string | null }>(
        `SELECT correlation_id, request_event_id, traceparent FROM inventory_service.reservations
           WHERE order_id = $1 AND status = 'HELD' AND expires_at <= $2`,
        [orderId, new Date(now)],
        'reservation-due-cause',
      );
      if (!row) return 0; // expired, confirmed or released since the round's list was read
      const cause = {
        correlationId: row.correlation_id,
        causationId: row.request_event_id,
        traceparent: row.traceparent,
      };
      const reason = `not confirmed within ${deps.policy.ttlMs} ms`;
      const outcome = await handleCommand(
        tx,
        deps,
        { type: 'Expire', orderId, now },
        { actor: 'reservation-expiry', reason },
        cause,
      );
      await outboxWriter({
        schema: INVENTORY_SCHEMA,
        service: INVENTORY_SERVICE,
        clock: deps.clock,
        ids: deps.ids,
      }).append(tx, cause, outcome.events);
      return outcome.events.length;
    });
    if (emitted > 0) this.expiredTotal.inc(); // counted after commit, so a rolled-back attempt is not counted
    return emitted > 0;
  }
}
