import type { Kafka, Producer } from 'kafkajs';
import type { Clock } from '../envelope';
import { systemClock } from '../envelope';
import {
  DeadLetterError,
  formatPosition,
  replayMessage,
  type DeadLetterEntry,
  type DeadLetterPosition,
} from './dead-letter-entry';
import { readDeadLetters } from './dead-letter-reader';
import { unconnectedProducer } from '../kafka';

export interface ReplayOutcome {
  entry: DeadLetterEntry;
  topic: string;
  partition: number;
}

/**
 * Produces each entry back to its source topic and partition, in DLQ order. Nothing is removed from
 * the dead-letter topic (it is a log): replaying twice is safe because consumers dedupe by event id.
 */
export async function replayEntries(
  producer: Producer,
  entries: DeadLetterEntry[],
  clock: Clock = systemClock,
): Promise<ReplayOutcome[]> {
  const outcomes: ReplayOutcome[] = [];
  for (const entry of entries) {
    const message = replayMessage(entry, new Date(clock.now()));
    await producer.send({
      topic: message.topic,
      acks: -1,
      messages: [{ partition: message.partition, key: message.key, value: message.value, headers: message.headers }],
    });
    outcomes.push({ entry, topic: message.topic, partition: message.partition });
  }
  return outcomes;
}

/** Which entries a replay command means: explicit positions, or everything (optionally failed since a time). */
export type ReplaySelection = { positions: DeadLetterPosition[] } | { all: true; sinceMs?: number };

export function selectedEntries(entries: DeadLetterEntry[], selection: ReplaySelection): DeadLetterEntry[] {
  if ('positions' in selection) {
    const missing = selection.positions.filter(
      (p) => !entries.some((e) => e.partition === p.partition && e.offset === p.offset),
    );
    if (missing.length > 0) throw new DeadLetterError(`no dead letter at ${missing.map(formatPosition).join(', ')}`);
    return entries;
  }
  const since = selection.sinceMs;
  if (since === undefined) return entries;
  return entries.filter((e) => e.failedAt !== null && Date.parse(e.failedAt) >= since);
}

/** Reads the selected entries from the dead-letter topic and replays them with a short-lived producer. */
export async function replayDeadLetters(
  kafka: Kafka,
  deadLetterTopic: string,
  selection: ReplaySelection,
  clock: Clock = systemClock,
): Promise<ReplayOutcome[]> {
  const read = await readDeadLetters({
    kafka,
    topic: deadLetterTopic,
    ...('positions' in selection ? { positions: selection.positions } : {}),
  });
  const entries = selectedEntries(read, selection);
  if (entries.length === 0) return [];
  const producer = unconnectedProducer(kafka);
  await producer.connect();
  try {
    return await replayEntries(producer, entries, clock);
  } finally {
    await producer.disconnect();
  }
}
