import type { IHeaders, KafkaMessage } from 'kafkajs';
import { HEADERS } from '@kot/events';
import { DLQ_HEADERS } from '../consumer/dead-letter';

/** Headers a replay adds, so the consumer's logs (and a second dead-lettering) show where it came from. */
export const REPLAY_HEADERS = {
  replayedFrom: 'dlq-replayed-from',
  replayedAt: 'dlq-replayed-at',
} as const;

/** Where an entry sits on the dead-letter topic: how operators name it (`<partition>:<offset>`). */
export interface DeadLetterPosition {
  partition: number;
  offset: string;
}

/** One parked message, its DLQ headers decoded; the original key, value and headers are kept byte for byte. */
export interface DeadLetterEntry extends DeadLetterPosition {
  key: Buffer | null;
  value: Buffer | null;
  rawHeaders: IHeaders;
  /** Every header as text, for display. */
  headers: Record<string, string>;
  reason: string;
  error: string;
  sourceTopic: string | null;
  sourcePartition: number | null;
  sourceOffset: string | null;
  consumerGroup: string | null;
  failedAt: string | null;
  eventId: string | null;
  eventType: string | null;
}

export interface ReplayMessage {
  topic: string;
  partition: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

export class DeadLetterError extends Error {}

function text(value: IHeaders[string]): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

export function headersAsText(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const decoded = text(value);
    if (decoded !== undefined) out[name] = decoded;
  }
  return out;
}

/** Decodes one message read from the dead-letter topic. */
export function toDeadLetterEntry(partition: number, message: KafkaMessage): DeadLetterEntry {
  const headers = headersAsText(message.headers);
  const sourcePartition = Number.parseInt(headers[DLQ_HEADERS.sourcePartition] ?? '', 10);
  return {
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    rawHeaders: message.headers ?? {},
    headers,
    reason: headers[DLQ_HEADERS.reason] ?? 'unknown',
    error: headers[DLQ_HEADERS.error] ?? '',
    sourceTopic: headers[DLQ_HEADERS.sourceTopic] ?? null,
    sourcePartition: Number.isInteger(sourcePartition) ? sourcePartition : null,
    sourceOffset: headers[DLQ_HEADERS.sourceOffset] ?? null,
    consumerGroup: headers[DLQ_HEADERS.consumerGroup] ?? null,
    failedAt: headers[DLQ_HEADERS.failedAt] ?? null,
    eventId: headers[HEADERS.eventId] ?? null,
    eventType: headers[HEADERS.eventType] ?? null,
  };
}

/** Parses `<partition>:<offset>` as printed by `dlq list`. */
export function parsePosition(textValue: string): DeadLetterPosition {
  const match = /^(\d+):(\d+)$/.exec(textValue.trim());
  if (!match) throw new DeadLetterError(`expected <partition>:<offset>, got "${textValue}"`);
  return { partition: Number(match[1]), offset: String(BigInt(match[2] as string)) };
}

export const formatPosition = (position: DeadLetterPosition): string => `${position.partition}:${position.offset}`;

const DEAD_LETTER_HEADER_NAMES = new Set<string>([...Object.values(DLQ_HEADERS), ...Object.values(REPLAY_HEADERS)]);

/**
 * The message a replay produces: the original key, value and headers, back on the partition it was
 * read from (so it stays behind the order's earlier events), marked as a replay. Consumers skip it
 * through their inbox if they had processed that event id already, which makes replays idempotent.
 */
export function replayMessage(entry: DeadLetterEntry, replayedAt: Date): ReplayMessage {
  if (!entry.sourceTopic || entry.sourcePartition === null) {
    throw new DeadLetterError(
      `entry ${formatPosition(entry)} has no source topic/partition header: not parked by our consumers`,
    );
  }
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(entry.rawHeaders)) {
    if (!DEAD_LETTER_HEADER_NAMES.has(name) && value !== undefined) headers[name] = value;
  }
  headers[REPLAY_HEADERS.replayedFrom] = formatPosition(entry);
  headers[REPLAY_HEADERS.replayedAt] = replayedAt.toISOString();
  return { topic: entry.sourceTopic, partition: entry.sourcePartition, key: entry.key, value: entry.value, headers };
}
