// The read model's shared counters (events per type, orders per minute) are a handful of hot rows that
// every transaction touches. Incremented statement by statement, concurrent batch transactions (one per
// partition) held those row locks for their whole batch and took them in event order: they queued
// behind each other and now and then deadlocked (40P01 after Postgres' 1 s deadlock_timeout, measured
// in a 7 sagas/s bench). So a transaction only notes its increments here, and writes them in one
// statement per table, sorted by key, right before it commits: row locks held for milliseconds, always
// taken in the same order.
import type { EventType } from '@kot/events';
import type { PgTx } from '@kot/postgres';
import { ANALYTICS_SCHEMA } from '../service';

export type MinuteCounter = 'placed' | 'delivered' | 'cancelled';

interface Pending {
  events: Map<string, number>;
  /** Epoch ms of the minute → increments of its three counters. */
  minutes: Map<number, Record<MinuteCounter, number>>;
}

const pendingByTx = new WeakMap<PgTx, Pending>();

/** The transaction's noted increments; the first one registers their write for just before COMMIT. */
function pendingOf(tx: PgTx): Pending {
  let pending = pendingByTx.get(tx);
  if (!pending) {
    pending = { events: new Map(), minutes: new Map() };
    pendingByTx.set(tx, pending);
    tx.beforeCommit(() => flushCounters(tx));
  }
  return pending;
}

export function countEvent(tx: PgTx, type: EventType): void {
  const { events } = pendingOf(tx);
  events.set(type, (events.get(type) ?? 0) + 1);
}

/** Adds one to a per-minute counter; the minute is when the thing happened, not when we heard of it. */
export function countInMinute(tx: PgTx, at: number | null, counter: MinuteCounter): void {
  if (at === null) return;
  const minute = Math.floor(at / 60_000) * 60_000;
  const { minutes } = pendingOf(tx);
  const row = minutes.get(minute) ?? { placed: 0, delivered: 0, cancelled: 0 };
  row[counter] += 1;
  minutes.set(minute, row);
}

/** Writes the transaction's noted increments, sorted by key (registered as the transaction's beforeCommit). */
async function flushCounters(tx: PgTx): Promise<void> {
  const pending = pendingByTx.get(tx);
  if (!pending) return;
  pendingByTx.delete(tx);
  const events = [...pending.events].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (events.length > 0) {
    await tx.query(
      `INSERT INTO ${ANALYTICS_SCHEMA}.event_counts (event_type, count)
         SELECT t, c FROM unnest($1::text[], $2::bigint[]) AS u(t, c) ORDER BY t COLLATE "C"
         ON CONFLICT (event_type) DO UPDATE SET count = event_counts.count + EXCLUDED.count`,
      [events.map(([type]) => type), events.map(([, count]) => count)],
      'analytics-flush-event-counts',
    );
  }
  const minutes = [...pending.minutes].sort(([a], [b]) => a - b);
  if (minutes.length === 0) return;
  await tx.query(
    `INSERT INTO ${ANALYTICS_SCHEMA}.minute_buckets (minute, placed, delivered, cancelled)
       SELECT m, p, d, c FROM unnest($1::timestamptz[], $2::int[], $3::int[], $4::int[]) AS u(m, p, d, c) ORDER BY m
       ON CONFLICT (minute) DO UPDATE SET placed = minute_buckets.placed + EXCLUDED.placed,
         delivered = minute_buckets.delivered + EXCLUDED.delivered, cancelled = minute_buckets.cancelled + EXCLUDED.cancelled`,
    [
      minutes.map(([minute]) => new Date(minute).toISOString()),
      ...(['placed', 'delivered', 'cancelled'] as const).map((k) => minutes.map(([, row]) => row[k])),
    ],
    'analytics-flush-minutes',
  );
}
