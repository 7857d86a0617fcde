import type { Span } from '@opentelemetry/api';
import { HEADERS, type EventCodec, type EventType, type OrderEvent } from '@kot/events';
import type { PgTx } from '@kot/postgres';
import type { MessageSender } from '../kafka';
import { failSpan, startPublishSpan, traceparentOf } from '../tracing';
import { planBatch, type Candidate, type OutgoingMessage, type ParkedKey } from './outbox-batch';
import { blockedBy, parkReasonText, parkVerdictOf, type ParkVerdict } from './park-reason';

export interface OutboxRow {
  id: string;
  event_id: string;
  stream_key: string;
  event_type: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
  created_at: Date;
}

export interface ParkedRow {
  row: OutboxRow;
  verdict: ParkVerdict;
}

export interface PublishOutcome {
  published: OutboxRow[];
  parked: ParkedRow[];
  /** More rows may be waiting: the select came back full, or the byte bound cut the batch short. */
  more: boolean;
}

export interface OutboxPublisherOptions {
  /** The quoted `"schema"."outbox"` table. */
  table: string;
  producer: MessageSender;
  codec: EventCodec;
  topic: string;
  batchSize: number;
  maxBatchBytes: number;
}

interface Item {
  row: OutboxRow;
  message: OutgoingMessage;
}

/**
 * One relay batch inside the relay's transaction: read the next rows, encode them, send what can be
 * sent, park what never can be, and mark both in the table. Any other failure (broker or registry
 * unreachable, leader moving) throws, the transaction rolls back, and the whole batch is tried again.
 */
export class OutboxPublisher {
  constructor(private readonly options: OutboxPublisherOptions) {}

  async publish(tx: PgTx): Promise<PublishOutcome> {
    const { table, batchSize, maxBatchBytes } = this.options;
    const rows = await tx.query<OutboxRow>(
      `SELECT id, event_id, stream_key, event_type, payload, headers, created_at FROM ${table} WHERE published_at IS NULL AND parked_at IS NULL ORDER BY id LIMIT $1`,
      [batchSize],
    );
    if (rows.length === 0) return { published: [], parked: [], more: false };
    const spans = new Map(rows.map((row) => [row.id, this.publishSpan(row)]));
    try {
      const plan = planBatch(
        await Promise.all(rows.map((row) => this.encode(row, spans.get(row.id) as Span))),
        await this.parkedKeys(tx, rows),
        maxBatchBytes,
      );
      const { sent, refused } = await this.send(plan.send);
      const parked = [...plan.park, ...refused];
      for (const { row, verdict } of parked) failSpan(spans.get(row.id) as Span, new Error(parkReasonText(verdict)));
      await this.mark(
        tx,
        sent.map((item) => item.row),
        parked,
      );
      return { published: sent.map((item) => item.row), parked, more: rows.length === batchSize || plan.cut };
    } catch (error) {
      for (const span of spans.values()) failSpan(span, error);
      throw error;
    } finally {
      for (const span of spans.values()) span.end();
    }
  }

  /** For each key in the batch, its earliest parked row, if any. */
  private async parkedKeys(tx: PgTx, rows: OutboxRow[]): Promise<Map<string, ParkedKey>> {
    const keys = [...new Set(rows.map((row) => row.stream_key))];
    const parked = await tx.query<{ stream_key: string; id: string; event_id: string }>(
      `SELECT DISTINCT ON (stream_key) stream_key, id, event_id FROM ${this.options.table} WHERE parked_at IS NOT NULL AND stream_key = ANY($1::text[]) ORDER BY stream_key, id`,
      [keys],
    );
    return new Map(parked.map((p) => [p.stream_key, { id: BigInt(p.id), eventId: p.event_id }]));
  }

  private async encode(row: OutboxRow, span: Span): Promise<Candidate<OutboxRow>> {
    const candidate = { row, id: BigInt(row.id), key: row.stream_key, eventId: row.event_id };
    try {
      const value = await this.options.codec.encode({
        type: row.event_type as EventType,
        data: row.payload,
      } as unknown as OrderEvent);
      // The consumer's span becomes a child of this publish, which is a child of whatever caused the event.
      const traceparent = traceparentOf(span, row.headers.traceparent ?? null);
      return {
        ...candidate,
        encoded: {
          message: { key: row.stream_key, value, headers: traceparent ? { ...row.headers, traceparent } : row.headers },
        },
      };
    } catch (error) {
      const verdict = parkVerdictOf(error);
      if (!verdict) throw error; // the registry is unreachable, say: nothing is wrong with the event
      return { ...candidate, encoded: { verdict } };
    }
  }

  /**
   * Sends the batch in one request. When the broker refuses messages for what they are (too large for
   * this topic, invalid), it refuses the whole partition batch without saying which message: resend
   * them one at a time, in order, to find the culprits. Messages that did go out in the failed attempt
   * are sent again; consumers' inboxes absorb such duplicates, as after any relay crash.
   */
  private async send(items: Item[]): Promise<{ sent: Item[]; refused: ParkedRow[] }> {
    if (items.length === 0) return { sent: [], refused: [] };
    try {
      await this.produce(items);
      return { sent: items, refused: [] };
    } catch (error) {
      if (!parkVerdictOf(error)) throw error;
      return this.sendOneByOne(items);
    }
  }

  private async sendOneByOne(items: Item[]): Promise<{ sent: Item[]; refused: ParkedRow[] }> {
    const sent: Item[] = [];
    const refused: ParkedRow[] = [];
    const blocked = new Map<string, string>();
    for (const item of items) {
      const parkedEventId = blocked.get(item.row.stream_key);
      if (parkedEventId) {
        refused.push({ row: item.row, verdict: blockedBy(parkedEventId) });
        continue;
      }
      try {
        await this.produce([item]);
        sent.push(item);
      } catch (error) {
        const verdict = parkVerdictOf(error);
        if (!verdict) throw error;
        refused.push({ row: item.row, verdict });
        blocked.set(item.row.stream_key, item.row.event_id);
      }
    }
    return { sent, refused };
  }

  private async produce(items: Item[]): Promise<void> {
    await this.options.producer.send({
      topic: this.options.topic,
      messages: items.map((item) => item.message),
      acks: -1,
    });
  }

  private async mark(tx: PgTx, published: OutboxRow[], parked: ParkedRow[]): Promise<void> {
    const { table } = this.options;
    if (published.length > 0)
      await tx.query(`UPDATE ${table} SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        published.map((r) => r.id),
      ]);
    if (parked.length === 0) return;
    await tx.query(
      `UPDATE ${table} AS o SET parked_at = now(), park_reason = p.reason FROM unnest($1::bigint[], $2::text[]) AS p(id, reason) WHERE o.id = p.id`,
      [parked.map((p) => p.row.id), parked.map((p) => parkReasonText(p.verdict))],
    );
  }

  private publishSpan(row: OutboxRow): Span {
    return startPublishSpan(row.event_type, row.headers.traceparent, {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': this.options.topic,
      'messaging.message.id': row.headers[HEADERS.eventId] ?? '',
      'messaging.kafka.message.key': row.stream_key,
      'kot.outbox_id': row.id,
    });
  }
}
