// RFC 7807 problem details for every error response, so clients parse one shape everywhere.
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { AppError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import { correlationIdOf } from './request-middleware';
import { toAppError } from './to-app-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Problem types are URNs: stable identifiers that do not pretend to be browsable pages. */
export const PROBLEM_TYPE_PREFIX = 'urn:kot:problem:';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
  correlationId?: string;
  instance: string;
}

export function problemType(code: string): string {
  return PROBLEM_TYPE_PREFIX + code.toLowerCase().replace(/_/g, '-');
}

function fromAppError(err: AppError, req: Request, res: Response): ProblemDetails {
  return {
    type: problemType(err.code),
    title: err.title,
    status: err.status,
    detail: err.detail,
    code: err.code,
    ...(err.errors ? { errors: err.errors } : {}),
    correlationId: correlationIdOf(res),
    instance: req.originalUrl.split('?')[0] ?? '/',
  };
}

/** What an unexpected fault looks like from outside: nothing about its cause. */
function internalProblem(req: Request, res: Response): ProblemDetails {
  return {
    type: problemType('INTERNAL_ERROR'),
    title: 'Internal server error',
    status: 500,
    detail: 'An unexpected error occurred. Quote the correlationId when reporting it.',
    code: 'INTERNAL_ERROR',
    correlationId: correlationIdOf(res),
    instance: req.originalUrl.split('?')[0] ?? '/',
  };
}

export function sendProblem(res: Response, problem: ProblemDetails, retryAfterSeconds?: number): void {
  if (retryAfterSeconds !== undefined && (problem.status === 429 || problem.status === 503)) {
    res.set('Retry-After', String(Math.max(0, Math.ceil(retryAfterSeconds))));
  }
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

export function problemDetailsHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    // Headers already went out (e.g. a failure mid-stream): Express must abort the socket.
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = toAppError(err);
    if (!known) {
      logger.error({ err, correlationId: correlationIdOf(res), method: req.method, path: req.path }, 'unhandled error');
      sendProblem(res, internalProblem(req, res));
      return;
    }
    // 5xx AppErrors (dependency down) matter to operators; 4xx are the client's business.
    if (known.status >= 500) logger.warn({ err: known, code: known.code }, known.detail);
    else logger.debug({ code: known.code, status: known.status }, known.detail);
    sendProblem(res, fromAppError(known, req, res), known.retryAfterSeconds);
  };
}
