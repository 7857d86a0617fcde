// Building blocks for environment-variable schemas. Every value arrives as a string; these
// parse it into the type the service wants and phrase failures as a human would.
import { z } from 'zod';

const DIGITS = /^\d+$/;

/** A base-10 integer in [min, max], written as plain digits (so "8O81" or "1e3" are rejected). */
export function intFromString(min: number, max: number, message: string) {
  return z
    .string()
    .trim()
    .regex(DIGITS, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
}

/** TCP port; 0 is allowed because tests bind to an ephemeral port. */
export function port() {
  return intFromString(0, 65535, 'must be an integer port between 0 and 65535');
}

export function positiveInt(defaultValue?: number) {
  const schema = intFromString(1, Number.MAX_SAFE_INTEGER, 'must be a positive integer');
  return defaultValue === undefined ? schema : schema.default(defaultValue);
}

/** Absolute URL, optionally limited to some schemes (e.g. ['postgres', 'postgresql']). */
export function url(protocols?: string[]) {
  const allowed = protocols?.map((p) => `${p.replace(/:$/, '')}:`);
  const message = allowed ? `must be a ${allowed.join(' or ')} URL` : 'must be an absolute URL';
  return z
    .string()
    .trim()
    .refine((value) => {
      if (!URL.canParse(value)) return false;
      return allowed === undefined || allowed.includes(new URL(value).protocol);
    }, message);
}

/** "a, b,c" -> ['a', 'b', 'c']; empty items are dropped and at least one is required. */
export function commaSeparatedList<T extends z.ZodType<unknown, string> = z.ZodString>(item?: T) {
  // The default matches T's default (ZodString); the cast only tells the compiler so.
  const element = (item ?? z.string()) as T;
  return z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(element).min(1, 'must list at least one value'));
}

/**
 * KAFKA_BROKERS as every client reads it, services and tools alike: a comma-separated list, one broker or
 * a cluster's bootstrap set. Unset means the local single broker.
 */
export function kafkaBrokers(value: string | undefined, fallback = '127.0.0.1:9092'): string[] {
  return commaSeparatedList().parse(value ?? fallback);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+)\s*(ms|s|m|h)?$/;

/** "250" or "250ms", "30s", "5m", "1h" -> milliseconds. */
export function durationMs(defaultValue?: number) {
  const schema = z
    .string()
    .trim()
    .regex(DURATION, 'must be a duration such as 500, 500ms, 30s, 5m or 1h')
    .transform((value) => {
      const [, amount, unit] = DURATION.exec(value) ?? [];
      return Number(amount) * (UNIT_MS[unit ?? 'ms'] ?? 1);
    });
  return defaultValue === undefined ? schema : schema.default(defaultValue);
}

/** Only the literal words, because "0", "no" or "False " in an env file are usually mistakes. */
export function booleanFromString(defaultValue?: boolean) {
  const schema = z
    .enum(['true', 'false'], { error: "must be 'true' or 'false'" })
    .transform((value) => value === 'true');
  return defaultValue === undefined ? schema : schema.default(defaultValue);
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function logLevel(defaultValue: (typeof LOG_LEVELS)[number] = 'info') {
  return z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default(defaultValue);
}
