import { forEachConcurrently, PeriodicWorker, type Logger } from '@kot/service-kit';
import type { SagaCommand } from '../saga/saga.commands';
import { workFor, type PendingAction } from '../saga/saga.policy';
import { loadState } from './event-store';
import type { PaymentProvider } from './payment-provider';
import type { Database } from '@kot/postgres';
import { causeOfLatest, executeCommand, type SagaDeps } from './saga-executor';

export interface SchedulerOptions {
  sql: Database;
  deps: SagaDeps;
  payments: PaymentProvider;
  logger: Logger;
  intervalMs: number;
  batchSize?: number;
  /** Claimed rows worked on at once (each opens a transaction; keep it below the pool size). */
  concurrency?: number;
  /** How long a claimed row is hidden from other scheduler instances while its work runs. */
  leaseMs?: number;
}

/** `version` is the order's stream version at the claim: a backoff only applies if no step committed since. */
interface Claimed {
  order_id: string;
  pending_action: PendingAction;
  action_attempts: number;
  version: number;
}

/**
 * Runs the work the saga owes: payment calls and overdue replies. Due work lives in the orders table
 * (due_at, pending_action), so it survives restarts; rows are leased with SKIP LOCKED so several
 * instances never run the same order's work at once.
 */
export class SagaScheduler extends PeriodicWorker {
  constructor(private readonly options: SchedulerOptions) {
    super({ name: 'saga scheduler', intervalMs: options.intervalMs, logger: options.logger });
  }

  /** Claims due rows and runs their work; returns how many were handled (used by tests). */
  async tick(): Promise<number> {
    const claimed = await this.claim();
    // run() records its own failures (backoff); a bounded number at once keeps the pool from exhausting.
    await forEachConcurrently(claimed, this.options.concurrency ?? 8, (row) => this.run(row));
    return claimed.length;
  }

  private claim(): Promise<Claimed[]> {
    const { batchSize = 50, leaseMs = 30_000 } = this.options;
    return this.options.sql.session.query<Claimed>(
      `UPDATE order_service.orders SET due_at = now() + ($2 || ' milliseconds')::interval
         WHERE order_id IN (SELECT order_id FROM order_service.orders WHERE due_at <= now() AND pending_action IS NOT NULL
                            ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING order_id, pending_action, action_attempts, version`,
      [batchSize, String(leaseMs)],
      'order-claim-due-work',
    );
  }

  private async run(row: Claimed): Promise<void> {
    try {
      const command = await this.commandFor(row);
      if (!command) return;
      const cause = await causeOfLatest(this.options.sql.session, row.order_id);
      if (cause) await executeCommand(this.options.sql, this.options.deps, row.order_id, command, cause);
    } catch (error) {
      await this.backOff(row, error);
    }
  }

  /**
   * Turns claimed work into a saga command, re-checked against the order as it is now (workFor); payment
   * calls go to the provider first, outside any transaction.
   */
  private async commandFor(row: Claimed): Promise<SagaCommand | null> {
    const { deps, payments, sql, logger } = this.options;
    const state = await loadState(sql.session, row.order_id);
    const work = workFor(state, row.pending_action, deps.policy);
    const now = () => deps.clock.now();
    switch (work.kind) {
      case 'nothing':
        logger.debug(
          { orderId: row.order_id, action: row.pending_action, why: work.why },
          'claimed saga work no longer due',
        );
        return null;
      case 'check-deadline':
        return { type: 'CheckDeadline', now: now() };
      case 'authorize': {
        const result = await payments.authorize({
          orderId: state.orderId,
          customerId: work.customerId,
          amountMinor: work.amountMinor,
          currency: work.currency,
        });
        return result.outcome === 'AUTHORIZED'
          ? { type: 'RecordPaymentAuthorized', paymentId: result.paymentId, now: now() }
          : { type: 'RecordPaymentDeclined', reason: result.reason, now: now() };
      }
      case 'refund': {
        const { refundId } = await payments.refund(state.orderId, work.paymentId, work.amountMinor);
        return { type: 'RecordPaymentRefunded', refundId, now: now() };
      }
    }
  }

  /**
   * A provider outage or an open breaker delays the work with backoff; it never cancels the order. Only
   * if the order is still at the claimed version: a step that committed meanwhile rewrote the row's work,
   * and a delay written over it would revive work that is no longer owed.
   */
  private async backOff(row: Claimed, error: unknown): Promise<void> {
    const attempts = row.action_attempts + 1;
    const delayMs = Math.min(60_000, 250 * 2 ** Math.min(attempts, 8));
    this.options.logger.warn(
      { err: error, orderId: row.order_id, action: row.pending_action, attempts, delayMs },
      'saga work failed; will retry',
    );
    await this.options.sql.session
      .query(
        'UPDATE order_service.orders SET action_attempts = $2, due_at = $3 WHERE order_id = $1::uuid AND version = $4 AND pending_action = $5',
        [row.order_id, attempts, new Date(this.options.deps.clock.now() + delayMs), row.version, row.pending_action],
        'order-back-off',
      )
      .catch((e: unknown) => this.options.logger.error({ err: e, orderId: row.order_id }, 'could not record backoff'));
  }
}
