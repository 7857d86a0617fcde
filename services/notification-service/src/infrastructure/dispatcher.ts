// Sends the emails the consumer queued, outside any consumer transaction. Each tick leases due rows,
// sends each one and records the outcome the notification decider names (SENT + NotificationSent, a
// rescheduled retry, or FAILED + NotificationFailed). A crash between the server's "250 accepted" and
// our commit leaves the row leased; when the lease runs out it is sent again with the same Message-ID
// (at-least-once at SMTP).
// Nothing else may send an email twice: the lease is at least the slowest send plus its recording
// (lease-budget.ts, checked when the configuration is parsed), and each outcome is written only under
// the claim's token, so a dispatcher that lost its claim cannot overwrite the newer one's result.
import type { Clock, IdGenerator } from '@kot/messaging';
import type { Database } from '@kot/postgres';
import {
  forEachConcurrently,
  PeriodicWorker,
  retryWithBackoff,
  type Logger,
  type Metrics,
  assertNever,
} from '@kot/service-kit';
import type { DeliveryPolicy, SendFailure } from '../notifications/delivery-policy';
import {
  claimed,
  notificationDecider,
  type NotificationCommand,
  type NotificationEvent,
} from '../notifications/notification';
import { claimDue, recordOutcome, type ClaimedNotification, type OutcomeDeps } from './dispatch-store';
import { RECORD_RETRY, SEND_CONCURRENCY } from './lease-budget';
import type { MailSender, SentEmail } from './smtp-sender';

export interface DispatcherOptions {
  sql: Database;
  sender: MailSender;
  policy: DeliveryPolicy;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  metrics: Metrics;
  intervalMs: number;
  batchSize: number;
  leaseMs: number;
}

export class Dispatcher extends PeriodicWorker {
  private readonly outcomes: OutcomeDeps;
  private readonly decider: ReturnType<typeof notificationDecider>;
  private readonly counter: ReturnType<Metrics['counter']>;

  constructor(private readonly options: DispatcherOptions) {
    super({ name: 'notification dispatcher', intervalMs: options.intervalMs, logger: options.logger });
    this.outcomes = { db: options.sql, clock: options.clock, ids: options.ids };
    this.decider = notificationDecider(options.policy);
    this.counter = options.metrics.counter({
      name: 'notifications_total',
      help: 'Email send outcomes by milestone (sent, retry, failed, lost_lease)',
      labelNames: ['milestone', 'outcome'],
    });
  }

  /** Sends what is due; returns how many emails were handled. Exposed for tests. */
  async tick(): Promise<number> {
    // While the circuit is open every send would be refused anyway; leave the rows untouched.
    if (this.options.sender.breakerState() === 'open') return 0;
    const { sql, clock, ids, leaseMs, batchSize } = this.options;
    const claimed = await claimDue(sql, clock.now(), leaseMs, batchSize, ids.next());
    await forEachConcurrently(claimed, SEND_CONCURRENCY, (row) => this.deliver(row));
    // A full batch means more may be due: go again at once instead of after the interval.
    if (claimed.length >= batchSize) this.nudge();
    return claimed.length;
  }

  private async deliver(row: ClaimedNotification): Promise<void> {
    let sent: SentEmail;
    try {
      sent = await this.options.sender.send({
        orderId: row.orderId,
        to: row.recipient,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        messageId: row.messageId,
      });
    } catch (error) {
      await this.recordFailure(row, error);
      return;
    }
    await this.recordSuccess(row, sent);
  }

  /**
   * The email is out; the only thing that could still make it go twice is failing to record that. So
   * the record is retried for a while (a database blip must not cause a resend) before giving up.
   */
  private async recordSuccess(row: ClaimedNotification, sent: SentEmail): Promise<void> {
    const { response, providerMessageId } = sent;
    const record = () => {
      const now = this.options.clock.now();
      const outcome = this.decide(row, {
        type: 'RecordSent',
        claimToken: row.claimToken,
        response,
        providerMessageId,
        now,
      });
      return recordOutcome(this.outcomes, row, outcome);
    };
    try {
      const recorded = await retryWithBackoff(record, { ...RECORD_RETRY, isRetriable: () => true });
      this.count(row, recorded ? 'sent' : 'lost_lease');
    } catch (error) {
      this.options.logger.error(
        { err: error, notificationId: row.id, orderId: row.orderId },
        'email sent but not recorded; it will be resent when its lease expires',
      );
    }
  }

  private async recordFailure(row: ClaimedNotification, error: unknown): Promise<void> {
    const failure = this.options.sender.classify(error);
    const now = this.options.clock.now();
    const outcome = this.decide(row, { type: 'RecordSendFailure', claimToken: row.claimToken, failure, now });
    await recordOutcome(this.outcomes, row, outcome);
    this.reportFailure(row, outcome, failure);
  }

  /**
   * The decider's answer for a row this dispatcher claimed (SENDING under its token, as claimDue left
   * it): always exactly one outcome. Whether the claim still holds when it is written is the store's
   * check on the row.
   */
  private decide(row: ClaimedNotification, command: NotificationCommand): NotificationEvent {
    const [outcome, ...more] = this.decider.decide(command, claimed(row.attempts, row.claimToken));
    if (!outcome || more.length > 0) throw new Error(`notification ${row.id}: expected one outcome of ${command.type}`);
    return outcome;
  }

  private reportFailure(row: ClaimedNotification, outcome: NotificationEvent, failure: SendFailure): void {
    const { id: notificationId, orderId, milestone } = row;
    const context = { notificationId, orderId, milestone, attempts: outcome.attempts };
    switch (outcome.type) {
      case 'RetryScheduled':
        if (failure.kind !== 'not-attempted')
          this.options.logger.warn(
            { ...context, error: outcome.error, nextAttemptAt: new Date(outcome.nextAttemptAt).toISOString() },
            'email not sent; will retry',
          );
        return this.count(row, 'retry');
      case 'EmailFailed':
        this.options.logger.error({ ...context, error: outcome.error }, 'email failed for good; marked FAILED');
        return this.count(row, 'failed');
      case 'EmailSent': // a failure never leads here
        return;
      default:
        return assertNever(outcome);
    }
  }

  private count(row: ClaimedNotification, outcome: string): void {
    this.counter.inc({ milestone: row.milestone, outcome });
  }
}
