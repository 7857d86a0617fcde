// The concrete errors services throw. Each fixes status, title and retriability so call sites
// only describe *this* occurrence (the detail) and, when useful, a more specific code.
import type { z } from 'zod';
import { AppError, type AppErrorOptions, type FieldError } from './app-error';

function opts(options: AppErrorOptions | undefined, code: string) {
  return { code: options?.code ?? code, cause: options?.cause, retryAfterSeconds: options?.retryAfterSeconds };
}

export class ValidationError extends AppError {
  constructor(errors: FieldError[], detail?: string, options?: AppErrorOptions) {
    const fields = [...new Set(errors.map((e) => e.field))].join(', ');
    super({
      ...opts(options, 'VALIDATION_FAILED'),
      status: 400,
      title: 'Validation failed',
      detail: detail ?? `The request has ${errors.length} invalid field(s): ${fields}`,
      errors,
    });
  }
}

export class MalformedRequestError extends AppError {
  constructor(detail: string, options?: AppErrorOptions) {
    super({ ...opts(options, 'MALFORMED_REQUEST'), status: 400, title: 'Malformed request', detail });
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'Authentication is required', options?: AppErrorOptions) {
    super({ ...opts(options, 'UNAUTHORIZED'), status: 401, title: 'Unauthorized', detail });
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = 'You are not allowed to perform this operation', options?: AppErrorOptions) {
    super({ ...opts(options, 'FORBIDDEN'), status: 403, title: 'Forbidden', detail });
  }
}

export class NotFoundError extends AppError {
  constructor(detail: string, options?: AppErrorOptions) {
    super({ ...opts(options, 'NOT_FOUND'), status: 404, title: 'Not found', detail });
  }
}

export class MethodNotAllowedError extends AppError {
  readonly allow: string[];

  constructor(method: string, allow: string[], options?: AppErrorOptions) {
    super({
      ...opts(options, 'METHOD_NOT_ALLOWED'),
      status: 405,
      title: 'Method not allowed',
      detail: `${method} is not supported here; use ${allow.join(', ')}`,
    });
    this.allow = allow;
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, options?: AppErrorOptions) {
    super({ ...opts(options, 'CONFLICT'), status: 409, title: 'Conflict', detail });
  }
}

/** Optimistic-concurrency clash (stale version): retrying against fresh state usually works. */
export class ConcurrencyError extends AppError {
  constructor(detail: string, options?: AppErrorOptions) {
    super({
      ...opts(options, 'CONCURRENCY_CONFLICT'),
      status: 409,
      title: 'Concurrent modification',
      detail,
      retriable: true,
    });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(detail: string, options?: AppErrorOptions) {
    super({ ...opts(options, 'PAYLOAD_TOO_LARGE'), status: 413, title: 'Payload too large', detail });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(detail: string, options?: AppErrorOptions) {
    super({ ...opts(options, 'UNSUPPORTED_MEDIA_TYPE'), status: 415, title: 'Unsupported media type', detail });
  }
}

export class IdempotencyKeyReusedError extends AppError {
  constructor(detail = 'The Idempotency-Key was already used with a different request', options?: AppErrorOptions) {
    super({ ...opts(options, 'IDEMPOTENCY_KEY_REUSED'), status: 422, title: 'Idempotency key reused', detail });
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number, detail = 'Too many requests', options?: AppErrorOptions) {
    super({
      ...opts(options, 'RATE_LIMITED'),
      status: 429,
      title: 'Too many requests',
      detail,
      retriable: true,
      retryAfterSeconds,
    });
  }
}

/** A database, broker or downstream API is down or its circuit is open. */
export class DependencyUnavailableError extends AppError {
  constructor(detail: string, options?: AppErrorOptions) {
    super({
      ...opts(options, 'DEPENDENCY_UNAVAILABLE'),
      status: 503,
      title: 'Service unavailable',
      detail,
      retriable: true,
    });
  }
}

// Zod is how every service validates input, so its failure shape is translated once, here.

/** Name for issues about the value itself (empty path), e.g. a body that is not an object. */
export const ROOT_FIELD = '(root)';

export function zodIssuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({
    field: issue.path.length === 0 ? ROOT_FIELD : issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** One ValidationError entry per issue, so a client can fix every field in one round trip. */
export function fromZodError(error: z.core.$ZodError, detail?: string): ValidationError {
  return new ValidationError(zodIssuesToFieldErrors(error.issues), detail, { cause: error });
}
