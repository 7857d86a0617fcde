// The dead-letter tool behind `npm run dlq`: list, inspect and replay what consumers parked on the
// dead-letter topic. Kept apart from cli.ts so tests can import it without running it.
import { Kafka, logLevel } from 'kafkajs';
import { createEventCodec } from '@kot/events';
import {
  DeadLetterError,
  formatPosition,
  readDeadLetters,
  replayDeadLetters,
  type DeadLetterEntry,
} from '@kot/messaging';
import { parseArgs, USAGE, UsageError, type DlqCommand } from './args';
import { kafkaBrokers } from '@kot/service-kit';

export interface DlqEnvironment {
  brokers: string[];
  deadLetterTopic: string;
  registryUrl: string;
}

export function environment(env: NodeJS.ProcessEnv): DlqEnvironment {
  return {
    brokers: kafkaBrokers(env.KAFKA_BROKERS),
    deadLetterTopic: env.KAFKA_DLQ_TOPIC ?? 'orders.events.dlq',
    registryUrl: env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8080/apis/ccompat/v7',
  };
}

const oneLine = (text: string, max: number): string => text.replace(/\s+/g, ' ').slice(0, max);

/** One line per entry: the position to pass to inspect/replay comes first. */
export function formatListLine(entry: DeadLetterEntry): string {
  const source = entry.sourceTopic ? `${entry.sourceTopic}[${entry.sourcePartition}]@${entry.sourceOffset}` : '?';
  return [
    formatPosition(entry),
    entry.failedAt ?? '-',
    entry.reason,
    entry.eventType ?? '-',
    entry.eventId ?? '-',
    `from ${source}`,
    `group ${entry.consumerGroup ?? '?'}`,
    oneLine(entry.error, 160),
  ].join('  ');
}

async function describeValue(entry: DeadLetterEntry, registryUrl: string): Promise<unknown> {
  if (!entry.value || entry.value.length === 0) return { empty: true };
  const raw = { bytes: entry.value.length, base64: entry.value.subarray(0, 4096).toString('base64') };
  if (!entry.sourceTopic) return raw;
  try {
    return { decoded: await createEventCodec({ registryUrl, topic: entry.sourceTopic }).decode(entry.value), ...raw };
  } catch (error) {
    return { undecodable: (error as Error).message, ...raw };
  }
}

async function inspect(entry: DeadLetterEntry, registryUrl: string): Promise<string> {
  const key = entry.key
    ? oneLine(entry.key.toString('utf8'), 512) + (entry.key.length > 512 ? ` … (${entry.key.length} bytes)` : '')
    : null;
  const view = {
    position: formatPosition(entry),
    reason: entry.reason,
    error: entry.error,
    failedAt: entry.failedAt,
    source: {
      topic: entry.sourceTopic,
      partition: entry.sourcePartition,
      offset: entry.sourceOffset,
      consumerGroup: entry.consumerGroup,
    },
    key,
    headers: entry.headers,
    value: await describeValue(entry, registryUrl),
  };
  return JSON.stringify(view, null, 2);
}

async function execute(command: DlqCommand, env: DlqEnvironment, out: (line: string) => void): Promise<number> {
  const kafka = new Kafka({ clientId: 'kot-dlq-tool', brokers: env.brokers, logLevel: logLevel.NOTHING });
  const topic = env.deadLetterTopic;
  if (command.kind === 'list') {
    const entries = await readDeadLetters({ kafka, topic, limitPerPartition: command.limit });
    entries.forEach((entry) => out(formatListLine(entry)));
    out(`${entries.length} dead letter(s) on ${topic}`);
    return 0;
  }
  if (command.kind === 'inspect') {
    const [entry] = await readDeadLetters({ kafka, topic, positions: [command.position] });
    if (!entry) throw new DeadLetterError(`no dead letter at ${formatPosition(command.position)} on ${topic}`);
    out(await inspect(entry, env.registryUrl));
    return 0;
  }
  const outcomes = await replayDeadLetters(kafka, topic, command.selection);
  outcomes.forEach(({ entry, topic: to, partition }) =>
    out(`replayed ${formatPosition(entry)} (${entry.eventType ?? '?'} ${entry.eventId ?? '?'}) to ${to}[${partition}]`),
  );
  out(`${outcomes.length} dead letter(s) replayed`);
  return 0;
}

/** Exit codes: 0 done, 1 failed (Kafka, unknown position), 2 usage error. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  let command: DlqCommand;
  try {
    command = parseArgs(argv, Date.now());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`dlq: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  try {
    return await execute(command, environment(env), out);
  } catch (error) {
    if (!(error instanceof DeadLetterError)) throw error;
    process.stderr.write(`dlq: ${error.message}\n`);
    return 1;
  }
}
