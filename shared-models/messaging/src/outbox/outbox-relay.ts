import type { Pool } from 'pg';
import { pgTransactions, type PgTx } from '../db/pg-transactions';
import type { Producer } from 'kafkajs';
import { HEADERS, type EventCodec, type EventType, type OrderEvent } from '@kot/events';
import { assertIdentifier } from '../db/sql';
import { silentLogger, type Logger } from '../logger';
import type { MessagingMetrics } from '../metrics';
import { outboxChannel } from './outbox-writer';
import { OutboxListener } from './outbox-listener';
import { failSpan, startPublishSpan, traceparentOf } from '../tracing';
import type { Span } from '@opentelemetry/api';

export interface OutboxRelayOptions {
  pool: Pool;
  schema: string;
  producer: Producer;
  codec: EventCodec;
  topic: string;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (e.g. the listener connection is being re-established). */
  pollIntervalMs?: number;
  logger?: Logger;
  metrics?: MessagingMetrics;
}

interface OutboxRow {
  id: string;
  stream_key: string;
  event_type: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
  created_at: Date;
}

/**
 * Publishes committed outbox rows to Kafka in insertion order, then marks them published.
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

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = `"${assertIdentifier(options.schema)}"."outbox"`;
    this.lockKey = `outbox:${options.schema}`;
    this.listener = new OutboxListener(options.pool, outboxChannel(options.schema), () => this.nudge(), options.logger ?? silentLogger);
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
    await this.publishPending().catch((error) => (this.options.logger ?? silentLogger).warn({ err: error }, 'final outbox flush failed'));
  }

  /** Publishes until the outbox is empty; returns how many events went out. */
  async publishPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < (this.options.batchSize ?? 500)) return total;
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
      function done(): void { clearTimeout(timer); resolve(); }
      this.wake = done;
    }).then(() => { this.wake = null; });
  }

  private async publishBatch(): Promise<number> {
    const rows = await pgTransactions(this.options.pool)((tx) => this.publishLocked(tx));
    this.record(rows); // after the commit: rows rolled back are published again, and counted then
    return rows.length;
  }

  /** Inside the relay's transaction: only the holder of the advisory lock publishes (one relay per schema at a time). */
  private async publishLocked(tx: PgTx): Promise<OutboxRow[]> {
    const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [this.lockKey]);
    if (!lock?.locked) return [];
    const rows = await tx.query<OutboxRow>(
      `SELECT id, stream_key, event_type, payload, headers, created_at FROM ${this.table} WHERE published_at IS NULL ORDER BY id LIMIT $1`,
      [this.options.batchSize ?? 500],
    );
    if (rows.length === 0) return rows;
    await this.send(rows);
    await tx.query(`UPDATE ${this.table} SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
    return rows;
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const { codec, producer, topic } = this.options;
    const spans = rows.map((row) => this.publishSpan(row));
    try {
      const messages = await Promise.all(rows.map(async (row, i) => {
        // The consumer's span becomes a child of this publish, which is a child of whatever caused the event.
        const traceparent = traceparentOf(spans[i] as Span, row.headers.traceparent ?? null);
        return {
          key: row.stream_key,
          value: await codec.encode({ type: row.event_type as EventType, data: row.payload } as unknown as OrderEvent),
          headers: traceparent ? { ...row.headers, traceparent } : row.headers,
        };
      }));
      await producer.send({ topic, messages, acks: -1 });
    } catch (error) {
      for (const span of spans) failSpan(span, error);
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  private publishSpan(row: OutboxRow): Span {
    return startPublishSpan(row.event_type, row.headers.traceparent, {
      'messaging.system': 'kafka', 'messaging.operation.type': 'send', 'messaging.destination.name': this.options.topic,
      'messaging.message.id': row.headers[HEADERS.eventId] ?? '', 'messaging.kafka.message.key': row.stream_key, 'kot.outbox_id': row.id,
    });
  }

  private record(rows: OutboxRow[]): void {
    const metrics = this.options.metrics;
    if (!metrics) return;
    const now = Date.now();
    for (const row of rows) {
      metrics.eventsPublished.inc({ type: row.event_type });
      metrics.outboxPublishLatency.observe({ schema: this.options.schema }, (now - row.created_at.getTime()) / 1000);
    }
  }

  /** The backlog gauge is read at most once a second: under load the relay loops far more often. */
  private async refreshBacklog(): Promise<void> {
    if (!this.options.metrics || Date.now() - this.backlogReadAt < 1000) return;
    this.backlogReadAt = Date.now();
    const result = await this.options.pool.query<{ backlog: string }>(`SELECT count(*) AS backlog FROM ${this.table} WHERE published_at IS NULL`);
    this.options.metrics.outboxBacklog.set({ schema: this.options.schema }, Number(result.rows[0]?.backlog ?? 0));
  }
}
