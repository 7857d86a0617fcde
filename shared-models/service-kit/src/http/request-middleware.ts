// Middleware that prepares every request before the service's routes see it: a correlation id
// in the async context, and a JSON-only body policy.
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { UnsupportedMediaTypeError } from '../errors/errors';
import { runWithContext } from '../logging/logger';

// Correlation ids tie together the HTTP request, the events it causes and every log line.
export const CORRELATION_HEADER = 'X-Correlation-ID';

// Bounded and log-safe: a client-supplied id ends up in logs and Kafka headers, so anything
// that could inject newlines, markup or huge values is replaced rather than trusted.
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function isSaneCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && SANE_ID.test(value);
}

/** The request's correlation id, also available to code that has `res` but no context. */
export function correlationIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.correlationId;
  return typeof id === 'string' ? id : undefined;
}

export function correlationMiddleware(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get(CORRELATION_HEADER);
    const correlationId = isSaneCorrelationId(incoming) ? incoming : randomUUID();
    res.locals.correlationId = correlationId;
    res.setHeader(CORRELATION_HEADER, correlationId);
    runWithContext({ correlationId }, () => next());
  };
}

// Every service API speaks JSON, so anything else is refused early with a clear 415 instead
// of reaching a handler as an empty req.body.
export const JSON_TYPES = ['application/json', 'application/*+json'];
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** 415 for a POST/PUT/PATCH whose non-empty body is not declared as JSON. */
export function requireJsonBody(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!METHODS_WITH_BODY.has(req.method) || !hasBody(req) || req.is(JSON_TYPES)) {
      next();
      return;
    }
    // Truncated because it is client input echoed into the response and the logs.
    const declared = (req.get('content-type') ?? 'none').slice(0, 100);
    next(
      new UnsupportedMediaTypeError(`Request bodies must be JSON (application/json); got content type: ${declared}`),
    );
  };
}

/**
 * JSON parser for JSON content types only (others were refused above). The request's async
 * context survives it on Node 20, even for bodies arriving in slow chunks; a unit test in
 * observability.unit.test.ts guards that, since handlers' log lines depend on it.
 */
export function jsonBody(limit: string | number): RequestHandler {
  return express.json({ limit, type: JSON_TYPES });
}
