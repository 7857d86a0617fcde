// Kafka as the services see it: at-least-once, ordered per key. One log per order (its key), a
// cursor per consumer group and order, committed cursors that a crash rewinds to, and an outbox per
// service whose relay may publish a row again after a crash (same event id). Inboxes (per group)
// make redelivery harmless; the model keeps them so a broken inbox would show.
import type { OrderEvent } from '@kot/events';

export interface Envelope {
  eventId: string;
  producer: string;
  occurredAt: number;
  event: OrderEvent;
}

interface OutboxRow {
  envelope: Envelope;
  published: boolean;
}

export class Outbox {
  private readonly rows: OutboxRow[] = [];

  constructor(readonly service: string) {}

  append(envelopes: readonly Envelope[]): void {
    for (const envelope of envelopes) this.rows.push({ envelope, published: false });
  }

  pending(): Envelope[] {
    return this.rows.filter((r) => !r.published).map((r) => r.envelope);
  }

  /** Publishes every unpublished row in order; `markPublished` false models a crash before the relay's update. */
  relay(log: EventLog, markPublished: boolean): number {
    const due = this.rows.filter((r) => !r.published);
    for (const row of due) {
      log.publish(row.envelope);
      if (markPublished) row.published = true;
    }
    return due.length;
  }
}

export class EventLog {
  private readonly byKey = new Map<string, Envelope[]>();

  publish(envelope: Envelope): void {
    const key = envelope.event.data.orderId;
    this.byKey.set(key, [...(this.byKey.get(key) ?? []), envelope]);
  }

  at(key: string, offset: number): Envelope | undefined {
    return this.byKey.get(key)?.[offset];
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  /** Every envelope of one key, duplicates included (for traces). */
  all(key: string): readonly Envelope[] {
    return this.byKey.get(key) ?? [];
  }
}

/** One consumer group: what it has processed (inbox) and where it is on each key. */
export class ConsumerGroup {
  private readonly cursor = new Map<string, number>();
  private readonly committed = new Map<string, number>();
  readonly inbox = new Set<string>();

  constructor(
    readonly name: string,
    private readonly log: EventLog,
  ) {}

  /** The keys with a record not yet consumed. */
  readyKeys(): string[] {
    return this.log.keys().filter((key) => this.log.at(key, this.cursor.get(key) ?? 0) !== undefined);
  }

  next(key: string): Envelope | undefined {
    return this.log.at(key, this.cursor.get(key) ?? 0);
  }

  /** The key's next record goes to `handle` unless the inbox has it (a redelivery); then the group moves on. */
  deliver(key: string, handle: (envelope: Envelope) => void): void {
    const envelope = this.next(key);
    if (!envelope) return;
    if (!this.inbox.has(envelope.eventId)) handle(envelope);
    this.inbox.add(envelope.eventId);
    this.advance(key);
  }

  /** After the handler's transaction committed (or the inbox skipped it). */
  advance(key: string): void {
    this.cursor.set(key, (this.cursor.get(key) ?? 0) + 1);
  }

  commitOffsets(): void {
    for (const [key, offset] of this.cursor) this.committed.set(key, offset);
  }

  hasUncommitted(): boolean {
    return [...this.cursor].some(([key, offset]) => (this.committed.get(key) ?? 0) !== offset);
  }

  /** A crash: the group resumes from its committed offsets, so processed records come again. */
  rewind(): void {
    this.cursor.clear();
    for (const [key, offset] of this.committed) this.cursor.set(key, offset);
  }
}
