// Access log and latency histogram, one of each per request, recorded when the response ends.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import { correlationIdOf } from './request-middleware';

/** Label for requests no route matched: raw paths would explode the series count. */
export const UNMATCHED_ROUTE = 'unmatched';
const TEMPLATE = Symbol('routeTemplate');
// Probes and scrapes arrive every few seconds; logging them at info would drown real traffic.
const QUIET_PATHS = new Set(['/health', '/health/ready', '/metrics']);

type TemplatedRequest = Request & { [TEMPLATE]?: string };

/**
 * Record the route template (mount path + route path, e.g. /api/v1/orders/:id) at the moment
 * Express matches a route. Reading req.route when the response ends is not enough: after an
 * error leaves a mounted router, Express has already reset req.baseUrl to the parent's.
 */
function captureRouteTemplate(req: TemplatedRequest): void {
  let route: unknown = req.route;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: unknown) {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') req[TEMPLATE] = `${req.baseUrl}${path}`;
    },
  });
}

/** Path without the query string, which may carry personal data and is not needed in logs. */
function pathOf(req: Request): string {
  return req.originalUrl.split('?')[0] ?? '/';
}

export function routeTemplateOf(req: Request): string {
  return (req as TemplatedRequest)[TEMPLATE] ?? UNMATCHED_ROUTE;
}

export interface ObserveOptions {
  logger: Logger;
  metrics: Metrics;
}

export function observeMiddleware({ logger, metrics }: ObserveOptions): RequestHandler {
  const duration = metrics.histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    captureRouteTemplate(req);
    let recorded = false;
    const record = () => {
      if (recorded) return; // 'finish' and 'close' both fire for a completed response
      recorded = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeTemplateOf(req);
      // A client that hangs up before we answer gets status 499 (nginx's convention).
      const status = res.writableFinished ? res.statusCode : 499;
      duration.observe({ method: req.method, route, status_code: String(status) }, seconds);
      logAccess(logger, req, res, { route, status, durationMs: Math.round(seconds * 1e4) / 10 });
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}

function logAccess(
  logger: Logger,
  req: Request,
  res: Response,
  fields: { route: string; status: number; durationMs: number },
): void {
  const line = {
    correlationId: correlationIdOf(res),
    method: req.method,
    path: pathOf(req),
    ...fields,
    contentLength: res.getHeader('content-length'),
    userAgent: req.get('user-agent'),
  };
  if (fields.status >= 500) logger.warn(line, 'request completed');
  else if (QUIET_PATHS.has(line.path)) logger.debug(line, 'request completed');
  else logger.info(line, 'request completed');
}
