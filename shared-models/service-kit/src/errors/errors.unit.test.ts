import { z } from 'zod';
import { AppError, isRetriable } from './app-error';
import {
  ConcurrencyError,
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  fromZodError,
} from './errors';

describe('error family', () => {
  it.each([
    [new ValidationError([{ field: 'sku', message: 'required' }]), 400, 'VALIDATION_FAILED', false],
    [new MalformedRequestError('bad json'), 400, 'MALFORMED_REQUEST', false],
    [new UnauthorizedError(), 401, 'UNAUTHORIZED', false],
    [new ForbiddenError(), 403, 'FORBIDDEN', false],
    [new NotFoundError('Order o-1 not found'), 404, 'NOT_FOUND', false],
    [new ConflictError('already shipped'), 409, 'CONFLICT', false],
    [new ConcurrencyError('stale version 3'), 409, 'CONCURRENCY_CONFLICT', true],
    [new PayloadTooLargeError('too big'), 413, 'PAYLOAD_TOO_LARGE', false],
    [new UnsupportedMediaTypeError('xml'), 415, 'UNSUPPORTED_MEDIA_TYPE', false],
    [new IdempotencyKeyReusedError(), 422, 'IDEMPOTENCY_KEY_REUSED', false],
    [new RateLimitedError(5), 429, 'RATE_LIMITED', true],
    [new DependencyUnavailableError('postgres down'), 503, 'DEPENDENCY_UNAVAILABLE', true],
  ])('%s has status %i, code %s, retriable %s', (err, status, code, retriable) => {
    expect(err).toBeInstanceOf(AppError);
    expect(err).toBeInstanceOf(Error);
    expect({ status: err.status, code: err.code, retriable: err.retriable }).toEqual({ status, code, retriable });
    expect(err.name).toBe(err.constructor.name);
  });

  it('lets a service name a domain-specific code and keeps the cause', () => {
    const cause = new Error('unique violation');
    const err = new ConflictError('Order o-1 is already cancelled', { code: 'ORDER_ALREADY_CANCELLED', cause });
    expect(err.code).toBe('ORDER_ALREADY_CANCELLED');
    expect(err.status).toBe(409);
    expect(err.cause).toBe(cause);
  });

  it('rejects codes that are not UPPER_SNAKE', () => {
    expect(() => new ConflictError('x', { code: 'order-cancelled' })).toThrow(/UPPER_SNAKE/);
  });

  it('ValidationError lists every field in errors and detail', () => {
    const err = new ValidationError([
      { field: 'items.0.sku', message: 'required' },
      { field: 'email', message: 'invalid email' },
    ]);
    expect(err.errors).toHaveLength(2);
    expect(err.detail).toBe('The request has 2 invalid field(s): items.0.sku, email');
  });

  it('RateLimitedError carries retryAfterSeconds', () => {
    expect(new RateLimitedError(12).retryAfterSeconds).toBe(12);
  });
});

describe('isRetriable', () => {
  it('follows AppError.retriable', () => {
    expect(isRetriable(new ConcurrencyError('stale'))).toBe(true);
    expect(isRetriable(new ValidationError([]))).toBe(false);
  });

  it('treats unknown errors as retriable so a consumer retries, then dead-letters', () => {
    expect(isRetriable(new TypeError('boom'))).toBe(true);
    expect(isRetriable('a string')).toBe(true);
  });

  it('does not retry Postgres data exceptions (class 22), which fail the same way every time', () => {
    const pgError = (code: string) => Object.assign(new Error('from postgres'), { code });
    expect(isRetriable(pgError('22P02'))).toBe(false); // invalid_text_representation: a non-UUID id
    expect(isRetriable(pgError('22003'))).toBe(false); // numeric_value_out_of_range
    expect(isRetriable(pgError('23505'))).toBe(true); // unique_violation: a concurrent writer, worth a retry
    expect(isRetriable(pgError('40P01'))).toBe(true); // deadlock_detected
    expect(isRetriable(pgError('57P01'))).toBe(true); // admin_shutdown: the database is restarting
    expect(isRetriable(Object.assign(new Error('socket'), { code: 'ECONNREFUSED' }))).toBe(true);
  });
});

describe('fromZodError', () => {
  it('produces one entry per issue with the path joined by dots', () => {
    const schema = z.object({
      customer: z.object({ email: z.email() }),
      items: z.array(z.object({ sku: z.string() })).min(1),
    });
    const result = schema.safeParse({ customer: { email: 'nope' }, items: [{}] });
    if (result.success) throw new Error('expected failure');
    const err = fromZodError(result.error);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.errors).toEqual([
      { field: 'customer.email', message: expect.stringMatching(/email/i) },
      { field: 'items.0.sku', message: expect.any(String) },
    ]);
  });

  it('names issues about the value itself (root)', () => {
    const result = z.object({}).safeParse('text');
    if (result.success) throw new Error('expected failure');
    expect(fromZodError(result.error).errors?.[0]?.field).toBe('(root)');
  });
});
