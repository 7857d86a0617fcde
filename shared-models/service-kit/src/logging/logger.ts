// Structured JSON logs on stdout (the platform ships stdout, so services never manage files),
// enriched from a per-request / per-message async context.
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { scrubCredentials, scrubFields } from './scrub';

export type { Logger } from 'pino';
export type LogLevel = LevelWithSilent;

// Context carried through async calls, so log lines and outgoing Kafka headers can name the
// correlation id without threading it through every signature.
export interface RequestContext {
  correlationId?: string;
  causationId?: string;
  orderId?: string;
  eventId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();
const EMPTY: Readonly<RequestContext> = Object.freeze({});

/** Run `fn` with `ctx` as the current context; nested calls inherit the outer fields. */
export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  // Copy so the caller's object cannot be mutated through addToContext.
  return storage.run({ ...storage.getStore(), ...ctx }, fn);
}

/** The current context, or an empty one outside any runWithContext call. */
export function currentContext(): Readonly<RequestContext> {
  return storage.getStore() ?? EMPTY;
}

/**
 * Add fields learnt mid-request (e.g. the orderId once a handler has loaded the order) so
 * later log lines carry them. A no-op outside a context, where there is nothing to enrich.
 */
export function addToContext(fields: RequestContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

export interface LoggerOptions {
  service: string;
  level?: LogLevel;
  /** Where lines go; defaults to stdout. Tests pass an in-memory stream. */
  destination?: DestinationStream;
}

/**
 * Keys that commonly hold credentials, at the top level and one level down (pino paths do not
 * recurse). Logging a whole request or config object must not leak them.
 */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'password',
  'pass',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'apiKey',
  'adminToken',
  'ADMIN_TOKEN',
  'DATABASE_URL',
  'SMTP_PASSWORD',
  'smtpPassword',
];
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-admin-token"]',
  'headers["x-admin-token"]',
  'res.headers["set-cookie"]',
];

/** Only defined fields, so lines outside a request are not cluttered with nulls. */
function contextFields(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(currentContext())) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** pino's error serializer, with credentials scrubbed from the message and stack it outputs. */
function scrubbedError(err: Error): unknown {
  const serialized: unknown = pino.stdSerializers.err(err);
  // Callers sometimes log a string or number as `err`; the serializer passes those through.
  if (typeof serialized === 'string') return scrubCredentials(serialized);
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  return scrubFields(serialized as Record<string, unknown>, 1);
}

export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level ?? 'info',
    base: { service: options.service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Text levels ("warn") are what humans and log queries expect; numbers are pino-specific.
    formatters: {
      level: (label: string) => ({ level: label }),
      log: (fields: Record<string, unknown>) => scrubFields(fields),
    },
    serializers: { err: scrubbedError },
    // The message string is not a field, so formatters.log never sees it.
    hooks: {
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((arg: unknown) => (typeof arg === 'string' ? scrubCredentials(arg) : arg)),
        );
      },
    },
    mixin: contextFields,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
