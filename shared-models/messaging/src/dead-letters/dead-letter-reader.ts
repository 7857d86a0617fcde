import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { DeadLetterError, toDeadLetterEntry, type DeadLetterEntry, type DeadLetterPosition } from './dead-letter-entry';

export interface ReadDeadLettersOptions {
  kafka: Kafka;
  topic: string;
  /** Only the newest N entries of each partition (default: all). */
  limitPerPartition?: number;
  /** Only these entries (inspect, replay by position). */
  positions?: DeadLetterPosition[];
  timeoutMs?: number;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/** Offsets [start, end) to read on one partition. */
interface Range {
  start: bigint;
  end: bigint;
}

/** Group ids of the tool: random, so it never shares (or commits over) a service's consumer offsets. */
export const DLQ_TOOL_GROUP_PREFIX = 'kot-dlq-tool-';

async function rangesToRead(options: ReadDeadLettersOptions): Promise<Map<number, Range>> {
  const admin = options.kafka.admin();
  await admin.connect();
  try {
    const ranges = new Map<number, Range>();
    for (const { partition, low, high } of await admin.fetchTopicOffsets(options.topic)) {
      const last = BigInt(high);
      let start = BigInt(low);
      let end = last;
      if (options.limitPerPartition !== undefined) start = max(start, end - BigInt(options.limitPerPartition));
      if (options.positions) {
        const wanted = options.positions.filter((p) => p.partition === partition).map((p) => BigInt(p.offset));
        if (wanted.length === 0) continue;
        start = max(start, wanted.reduce(min));
        end = min(last, wanted.reduce(max) + 1n);
      }
      if (start < end) ranges.set(partition, { start, end });
    }
    return ranges;
  } finally {
    await admin.disconnect();
  }
}

function isWanted(options: ReadDeadLettersOptions, partition: number, offset: string): boolean {
  return !options.positions || options.positions.some((p) => p.partition === partition && p.offset === offset);
}

/**
 * Reads dead-letter entries up to the topic's current end and returns them ordered by partition and
 * offset. A throwaway consumer group that never commits does the reading (kafkajs has no manual
 * assignment); it is deleted afterwards so the tool leaves nothing behind on the broker.
 */
export async function readDeadLetters(options: ReadDeadLettersOptions): Promise<DeadLetterEntry[]> {
  const ranges = await rangesToRead(options);
  if (ranges.size === 0) return [];
  const groupId = `${DLQ_TOOL_GROUP_PREFIX}${randomUUID()}`;
  const consumer = options.kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const entries: DeadLetterEntry[] = [];
  const pending = new Set(ranges.keys());
  let finished!: () => void;
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const range = ranges.get(partition);
        const offset = BigInt(message.offset);
        if (!range || offset < range.start || offset >= range.end) return;
        if (isWanted(options, partition, message.offset)) entries.push(toDeadLetterEntry(partition, message));
        if (offset === range.end - 1n) pending.delete(partition);
        if (pending.size === 0) finished();
      },
    });
    for (const [partition, { start }] of ranges)
      consumer.seek({ topic: options.topic, partition, offset: String(start) });
    await withTimeout(done, options.timeoutMs ?? 60_000, `reading ${options.topic} did not reach its end`);
  } finally {
    await consumer.disconnect();
    await deleteGroup(options.kafka, groupId);
  }
  return entries.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

async function withTimeout(work: Promise<void>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadLetterError(`${message} within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// Best effort: an empty group with no offsets expires on its own anyway.
async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // already gone, or the broker has not noticed the member left yet
  } finally {
    await admin.disconnect();
  }
}
