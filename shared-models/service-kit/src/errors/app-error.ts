// One error family for every service. Handlers and domain code throw these; the HTTP layer maps
// them to problem details and Kafka consumers use `retriable` to choose retry vs dead-letter.

export interface FieldError {
  field: string;
  message: string;
}

export interface AppErrorInit {
  /** Machine-readable, UPPER_SNAKE: clients branch on it, so it is part of the API contract. */
  code: string;
  /** HTTP status the problem-details middleware answers with. */
  status: number;
  /** Short, stable summary of the problem type (the problem-details `title`). */
  title: string;
  /** Human-readable explanation of this occurrence. Shown to clients, so no internals. */
  detail: string;
  /** Whether repeating the same operation later may succeed. */
  retriable?: boolean;
  errors?: FieldError[];
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** Options a caller may pass to a concrete error; `code` lets a service name a domain case. */
export interface AppErrorOptions {
  code?: string;
  cause?: unknown;
  retryAfterSeconds?: number;
}

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/**
 * Base of the family. Not abstract so a service can raise a one-off error, but prefer a
 * subclass: the class name shows up in logs and `instanceof` checks read better.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly retriable: boolean;
  readonly errors?: FieldError[];
  readonly retryAfterSeconds?: number;

  constructor(init: AppErrorInit) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    // A malformed code would silently break clients that switch on it, so fail loudly.
    if (!UPPER_SNAKE.test(init.code)) throw new TypeError(`AppError code must be UPPER_SNAKE: ${init.code}`);
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.retriable = init.retriable ?? false;
    if (init.errors !== undefined) this.errors = init.errors;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/**
 * Postgres SQLSTATE class 22, "data exception" (invalid input syntax such as a non-UUID id, a number
 * out of range, division by zero): the same statement with the same values fails the same way every
 * time, so retrying only delays the dead letter.
 */
function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * Unknown errors count as retriable: a consumer retries a bounded number of times and then
 * dead-letters, which is safer than dropping a message because of a bug we did not classify.
 * Postgres data exceptions are the known exception (see isDataException).
 */
export function isRetriable(err: unknown): boolean {
  if (isAppError(err)) return err.retriable;
  return !isDataException(err);
}
