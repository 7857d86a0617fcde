// Command line of the dead-letter tool. Everything is validated before Kafka is touched, so a typo
// fails at once with the usage text (exit 2) and a replay never starts half-understood.
import { parsePosition, type DeadLetterPosition, type ReplaySelection } from '@kot/messaging';

export type DlqCommand =
  | { kind: 'list'; limit: number }
  | { kind: 'inspect'; position: DeadLetterPosition }
  | { kind: 'replay'; selection: ReplaySelection };

export class UsageError extends Error {}

export const USAGE = `usage: npm run dlq -- list [--limit N]
       npm run dlq -- inspect <partition>:<offset>
       npm run dlq -- replay <partition>:<offset>... | --all [--since <ISO time | 30m | 6h | 2d>]
  list     the newest N entries of each dead-letter partition (default 50): position, time, reason,
           event type and id, where it came from, and the error
  inspect  one entry in full: every header, the key, and the value decoded when it is one of our events
  replay   produces the entries back to their source topic and partition, marked dlq-replayed-from;
           consumers skip events they already processed (inbox), so replaying twice is harmless
environment: KAFKA_BROKERS (127.0.0.1:9092), KAFKA_DLQ_TOPIC (orders.events.dlq),
             SCHEMA_REGISTRY_URL (http://127.0.0.1:8080/apis/ccompat/v7)`;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since` takes an absolute time or an age relative to now. */
export function parseSince(text: string, now: number): number {
  const relative = /^(\d+)([smhd])$/.exec(text);
  if (relative) return now - Number(relative[1]) * (UNIT_MS[relative[2] as string] as number);
  const absolute = Date.parse(text);
  if (Number.isNaN(absolute))
    throw new UsageError(`--since must be an ISO time or an age like 30m, 6h, 2d; got "${text}"`);
  return absolute;
}

function position(text: string): DeadLetterPosition {
  try {
    return parsePosition(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parseList(rest: string[]): DlqCommand {
  if (rest.length === 0) return { kind: 'list', limit: 50 };
  const limit = Number(rest[1]);
  if (rest[0] !== '--limit' || rest.length !== 2 || !Number.isInteger(limit) || limit < 1)
    throw new UsageError('list takes only --limit N (a whole number ≥ 1)');
  return { kind: 'list', limit };
}

function parseReplay(rest: string[], now: number): DlqCommand {
  if (rest[0] !== '--all') {
    if (rest.length === 0 || rest.some((arg) => arg.startsWith('--')))
      throw new UsageError('replay needs positions (<partition>:<offset>...) or --all [--since T]');
    return { kind: 'replay', selection: { positions: rest.map(position) } };
  }
  if (rest.length === 1) return { kind: 'replay', selection: { all: true } };
  if (rest[1] !== '--since' || rest.length !== 3) throw new UsageError('replay --all takes only --since T');
  return { kind: 'replay', selection: { all: true, sinceMs: parseSince(rest[2] as string, now) } };
}

export function parseArgs(argv: string[], now: number): DlqCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case 'list':
      return parseList(rest);
    case 'inspect':
      if (rest.length !== 1) throw new UsageError('inspect takes exactly one <partition>:<offset>');
      return { kind: 'inspect', position: position(rest[0] as string) };
    case 'replay':
      return parseReplay(rest, now);
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}
