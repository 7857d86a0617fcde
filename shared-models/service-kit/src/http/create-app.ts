// The one way services build their HTTP app, so security headers, limits, correlation ids,
// metrics, health endpoints and error responses are identical across all five services.
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import { correlationMiddleware, jsonBody, requireJsonBody } from './request-middleware';
import { rejectUnstorableText } from './input-guards';
import { rejectDeclaredOversize } from './body-limit';
import { opsRoutes, type ReadinessCheck } from './ops-routes';
import { notFoundHandler } from './not-found';
import { observeMiddleware } from './observe';
import { problemDetailsHandler } from './problem-details';

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  metrics: Metrics;
  /** Registers the service's own routes and route-level middleware. */
  configure: (app: Express) => void;
  readiness?: readonly ReadinessCheck[];
  /** Default per-check timeout for /health/ready. */
  readinessTimeoutMs?: number;
  /** Reported by /health; pass the package version. */
  version?: string;
  /** Largest accepted JSON body; our APIs take small commands, so 100 kB is generous. */
  jsonLimit?: string | number;
}

/**
 * Order matters: security headers and the correlation id come first so even a rejected body
 * gets them; ops routes precede the service's so they cannot be shadowed; the 404/405 and
 * problem-details handlers come last. 'trust proxy' stays off (trusting X-Forwarded-* from
 * anyone is worse than a wrong client IP); a service behind a known proxy sets it in configure().
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by'); // helmet removes the header as well; this is belt and braces
  app.use(helmet());
  app.use(correlationMiddleware());
  app.use(observeMiddleware({ logger: options.logger, metrics: options.metrics }));
  app.use(requireJsonBody());
  app.use(rejectDeclaredOversize(options.jsonLimit ?? '100kb'));
  app.use(jsonBody(options.jsonLimit ?? '100kb'));
  app.use(rejectUnstorableText());
  app.use(
    opsRoutes({
      service: options.service,
      version: options.version ?? 'unknown',
      metrics: options.metrics,
      readiness: options.readiness ?? [],
      readinessTimeoutMs: options.readinessTimeoutMs,
    }),
  );
  options.configure(app);
  app.use(notFoundHandler(app));
  app.use(problemDetailsHandler(options.logger));
  return app;
}
