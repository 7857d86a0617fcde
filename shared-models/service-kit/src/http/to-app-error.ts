// Classify anything a handler or middleware can throw into our error family, so the response
// is decided in one place. The rule: a client mistake is never answered with a 500.
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import {
  DependencyUnavailableError,
  MalformedRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  fromZodError,
} from '../errors/errors';
import { isInfrastructureFailure } from '../errors/infrastructure';

/** Shape of the http-errors instances body-parser and the router raise. */
interface HttpErrorLike {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  type?: unknown;
  limit?: unknown;
  charset?: unknown;
  encoding?: unknown;
  message?: unknown;
}

function bodyParserError(err: HttpErrorLike): AppError | undefined {
  switch (err.type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(`Request body exceeds the limit of ${String(err.limit)} bytes`);
    case 'entity.parse.failed':
      return new MalformedRequestError('Request body is not valid JSON', { code: 'MALFORMED_JSON' });
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError(`Unsupported charset "${String(err.charset)}"; send UTF-8`);
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(`Unsupported content encoding "${String(err.encoding)}"`);
    case 'request.aborted':
      return new MalformedRequestError('The request body was not received completely', { code: 'REQUEST_ABORTED' });
    case 'request.size.invalid':
      return new MalformedRequestError('The request body length does not match Content-Length', {
        code: 'CONTENT_LENGTH_MISMATCH',
      });
    default:
      return undefined;
  }
}

/**
 * Other 4xx errors from Express internals (e.g. an undecodable %-escape in a path parameter).
 * Their messages are written for clients, so they can be shown.
 */
function clientHttpError(err: HttpErrorLike): AppError | undefined {
  const status = typeof err.status === 'number' ? err.status : err.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499 || err.expose === false) return undefined;
  const detail = typeof err.message === 'string' && err.message !== '' ? err.message : 'Bad request';
  return new AppError({ code: 'BAD_REQUEST', status, title: STATUS_CODES[status] ?? 'Bad request', detail });
}

/** Returns undefined for errors we cannot classify: those are server faults (500). */
export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof z.core.$ZodError) return fromZodError(err);
  if (typeof err !== 'object' || err === null) return undefined;
  // A saturated pool or a database that is away is temporary: tell the client to come back, not 500.
  if (isInfrastructureFailure(err))
    return new DependencyUnavailableError('The database is unavailable or busy; retry shortly', {
      cause: err,
      retryAfterSeconds: 1,
    });
  return bodyParserError(err as HttpErrorLike) ?? clientHttpError(err as HttpErrorLike);
}
