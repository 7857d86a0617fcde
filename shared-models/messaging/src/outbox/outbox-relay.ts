import type { Client, Pool } from 'pg';
import type { EventCodec } from '@kot/events';
import { positiveInt } from '@kot/service-kit';
import { assertIdentifier, pgTransactions, type PgTx } from '@kot/postgres';
import type { MessageSender } from '../kafka';
import { silentLogger, type Logger } from '../logger';
import type { MessagingMetrics } from '../metrics';
import { outboxChannel } from './outbox-writer';
import { OutboxListener } from './outbox-listener';
import { DEFAULT_MAX_BATCH_BYTES } from './outbox-batch';
import { OutboxPublisher, type ParkedRow, type PublishOutcome } from './outbox-publisher';
import { parkReasonText } from './park-reason';

export interface OutboxRelayOptions {
  /** The service's pool (Database.pool): the relay's reads and its publish transactions. */
  pool: Pool;
  /** A fresh connection for LISTEN (Database.listenConnection), outside the pool. */
  listenConnection: () => Client;
  schema: string;
  /** In a service, a RenewingProducer: a failed send must not leave its sequence numbers to the next batch. */
  producer: MessageSender;
  codec: EventCodec;
  topic: string;
  /** Rows read per batch (default 500). */
  batchSize?: number;
  /** Bytes one send may carry (default DEFAULT_MAX_BATCH_BYTES); keep it below the topic's max.message.bytes. */
  maxBatchBytes?: number;
  /** Fallback poll when no NOTIFY arrives (e.g. the listener connection is being re-established). */
  pollIntervalMs?: number;
  logger?: Logger;
  metrics?: MessagingMetrics;
}

/** Shape fragment for a service's config.ts, like housekeepingEnv (messagingConfig maps it onto the relay). */
export const outboxRelayEnv = {
  OUTBOX_BATCH_SIZE: positiveInt(500),
  OUTBOX_MAX_BATCH_BYTES: positiveInt(DEFAULT_MAX_BATCH_BYTES),
};

export interface OutboxRelayEnv {
  OUTBOX_BATCH_SIZE?: number;
  OUTBOX_MAX_BATCH_BYTES?: number;
}

const NOTHING: PublishOutcome = { published: [], parked: [], more: false };

/**
 * Publishes committed outbox rows to Kafka in insertion order, then marks them published; a row that can
 * never be published is parked (see OutboxPublisher) so it cannot hold up the rest of the service.
 * A transaction-scoped advisory lock makes one relay instance publish at a time, which keeps each
 * order's events in order even with several instances. A crash between send and commit republishes
 * the batch: duplicates are possible by design and absorbed by every consumer's inbox.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly lockKey: string;
  private readonly listener: OutboxListener;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private pending = false;
  private backlogReadAt = 0;
  private readonly publisher: OutboxPublisher;

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = `"${assertIdentifier(options.schema)}"."outbox"`;
    this.lockKey = `outbox:${options.schema}`;
    const { producer, codec, topic, batchSize = 500, maxBatchBytes = DEFAULT_MAX_BATCH_BYTES } = options;
    this.publisher = new OutboxPublisher({ table: this.table, producer, codec, topic, batchSize, maxBatchBytes });
    this.listener = new OutboxListener(
      options.listenConnection,
      outboxChannel(options.schema),
      () => this.nudge(),
      options.logger ?? silentLogger,
    );
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listener.start();
    this.loop = this.run();
  }

  /** Stops after the batch in flight, then publishes what is left once more (a flush). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.nudge();
    await this.loop;
    await this.listener.stop();
    await this.publishPending().catch((error) =>
      (this.options.logger ?? silentLogger).warn({ err: error }, 'final outbox flush failed'),
    );
  }

  /** Publishes until the outbox is empty; returns how many events went out. */
  async publishPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const { published, more } = await this.publishBatch();
      total += published.length;
      if (!more) return total;
    }
  }

  private nudge(): void {
    this.pending = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    const logger = this.options.logger ?? silentLogger;
    let failures = 0;
    while (this.running) {
      this.pending = false;
      try {
        await this.publishPending();
        failures = 0;
        await this.refreshBacklog();
      } catch (error) {
        failures += 1;
        logger.warn({ err: error, failures }, 'outbox relay could not publish; retrying');
      }
      const delay = failures > 0 ? Math.min(5000, 100 * 2 ** failures) : (this.options.pollIntervalMs ?? 1000);
      if (this.running && !this.pending) await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = null;
    });
  }

  private async publishBatch(): Promise<PublishOutcome> {
    const outcome = await pgTransactions(this.options.pool)((tx) => this.publishLocked(tx));
    this.record(outcome); // after the commit: rows rolled back are published again, and counted then
    return outcome;
  }

  /** Inside the relay's transaction: only the holder of the advisory lock publishes (one relay per schema at a time). */
  private async publishLocked(tx: PgTx): Promise<PublishOutcome> {
    const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
      this.lockKey,
    ]);
    return lock?.locked ? this.publisher.publish(tx) : NOTHING;
  }

  private record({ published, parked }: PublishOutcome): void {
    for (const entry of parked) this.reportParked(entry);
    const metrics = this.options.metrics;
    if (!metrics) return;
    const now = Date.now();
    for (const row of published) {
      metrics.eventsPublished.inc({ type: row.event_type });
      metrics.outboxPublishLatency.observe({ schema: this.options.schema }, (now - row.created_at.getTime()) / 1000);
    }
  }

  /** An error, not a warning: the event (and its order's later ones) will not move until someone acts. */
  private reportParked({ row, verdict }: ParkedRow): void {
    const { schema, metrics, logger = silentLogger } = this.options;
    metrics?.outboxParked.inc({ schema, type: row.event_type, reason: verdict.reason });
    logger.error(
      {
        outboxId: row.id,
        eventId: row.event_id,
        eventType: row.event_type,
        key: row.stream_key,
        reason: parkReasonText(verdict),
      },
      'outbox event parked: it will not be published',
    );
  }

  /** The backlog gauge is read at most once a second: under load the relay loops far more often. */
  private async refreshBacklog(): Promise<void> {
    if (!this.options.metrics || Date.now() - this.backlogReadAt < 1000) return;
    this.backlogReadAt = Date.now();
    const result = await this.options.pool.query<{ backlog: string; parked: string }>(
      `SELECT count(*) FILTER (WHERE parked_at IS NULL) AS backlog, count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked FROM ${this.table} WHERE published_at IS NULL`,
    );
    this.options.metrics.outboxBacklog.set({ schema: this.options.schema }, Number(result.rows[0]?.backlog ?? 0));
    this.options.metrics.outboxParkedRows.set({ schema: this.options.schema }, Number(result.rows[0]?.parked ?? 0));
  }
}
