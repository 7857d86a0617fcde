import { blockedBy, type ParkVerdict } from './park-reason';

/**
 * The most bytes one relay send may carry. The broker checks each partition's record batch against
 * `message.max.bytes` (topic: `max.message.bytes`), 1,048,588 by default since Kafka 1.1 (1 MiB plus
 * the 12-byte log overhead; KAFKA-4203), and infrastructure/native leaves it at that. kafkajs has no
 * `max.request.size`: it sends whatever it is given as one batch per partition, and a too large one
 * fails with MESSAGE_TOO_LARGE, which it does not retry. Bounding the whole send below the broker's
 * limit bounds every partition's batch in it; one message above this bound alone is parked.
 */
export const DEFAULT_MAX_BATCH_BYTES = 1_000_000;

// Upper bounds of Kafka's record format v2: a record's varints (length, timestamp and offset deltas,
// key and value lengths, header count) plus its attributes byte; two varints per header; the batch header.
const RECORD_OVERHEAD = 40;
const HEADER_OVERHEAD = 10;
export const BATCH_OVERHEAD = 61;

export interface OutgoingMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** What a message adds to a record batch, never less than the broker will count. */
export function messageBytes({ key, value, headers }: OutgoingMessage): number {
  let bytes = RECORD_OVERHEAD + Buffer.byteLength(key) + value.length;
  for (const [name, text] of Object.entries(headers))
    bytes += HEADER_OVERHEAD + Buffer.byteLength(name) + Buffer.byteLength(text);
  return bytes;
}

/** One outbox row, encoded or with the reason it never can be. Rows come in outbox (id) order. */
export interface Candidate<R> {
  row: R;
  id: bigint;
  key: string;
  eventId: string;
  encoded: { message: OutgoingMessage } | { verdict: ParkVerdict };
}

/** The earliest parked row of a key, from the table: rows of that key after it are held back. */
export interface ParkedKey {
  id: bigint;
  eventId: string;
}

export interface BatchPlan<R> {
  send: Array<{ row: R; message: OutgoingMessage }>;
  park: Array<{ row: R; verdict: ParkVerdict }>;
  /** True when rows were left for the next batch because the byte bound was reached. */
  cut: boolean;
}

/**
 * Splits the rows into what to send now (in order, within the byte bound) and what to park.
 *
 * Later events of an order with a parked event are parked too ("blocked"), even though they could be
 * encoded. Publishing them would hand the saga a gap it was never designed for: a ShipmentStatusChanged
 * whose ShipmentScheduled never came, a release for a reservation never confirmed; each consumer would
 * act on a history that did not happen, and money or stock could move on it. Holding the order's later
 * events instead freezes just that order, visibly (the alert fires), with its events in the table in
 * order: once the cause is fixed, clearing parked_at on the order's rows republishes them in id order.
 * Every other order keeps flowing.
 */
export function planBatch<R>(
  candidates: ReadonlyArray<Candidate<R>>,
  parkedKeys: ReadonlyMap<string, ParkedKey>,
  maxBatchBytes: number,
): BatchPlan<R> {
  const plan: BatchPlan<R> = { send: [], park: [], cut: false };
  const blocked = new Map(parkedKeys);
  let bytes = BATCH_OVERHEAD;
  for (const candidate of candidates) {
    const verdict = verdictFor(candidate, blocked.get(candidate.key), maxBatchBytes);
    if (verdict) {
      plan.park.push({ row: candidate.row, verdict });
      if (!blocked.has(candidate.key)) blocked.set(candidate.key, { id: candidate.id, eventId: candidate.eventId });
      continue;
    }
    const message = (candidate.encoded as { message: OutgoingMessage }).message;
    const size = messageBytes(message);
    if (bytes + size > maxBatchBytes) {
      plan.cut = true;
      break;
    }
    bytes += size;
    plan.send.push({ row: candidate.row, message });
  }
  return plan;
}

function verdictFor<R>(
  candidate: Candidate<R>,
  parked: ParkedKey | undefined,
  maxBatchBytes: number,
): ParkVerdict | null {
  if (parked && parked.id < candidate.id) return blockedBy(parked.eventId);
  if ('verdict' in candidate.encoded) return candidate.encoded.verdict;
  const size = messageBytes(candidate.encoded.message);
  if (BATCH_OVERHEAD + size > maxBatchBytes)
    return { reason: 'too-large', detail: `${size} bytes, more than the ${maxBatchBytes} one send may carry` };
  return null;
}
