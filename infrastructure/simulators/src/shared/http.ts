// Express plumbing the HTTP simulators share: JSON errors that say what was wrong, body validation,
// the Idempotency-Key header, and listen/close helpers that work on port 0 for tests.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { Logger } from './runtime';

export interface RunningHttp {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export function sendError(
  res: Response,
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  res.status(status).json({ error, message, ...extra });
}

/**
 * Validates a JSON body; on failure answers 400 naming each bad field and returns undefined.
 * With `allowEmpty` a request without a body is validated as `{}` (all fields optional).
 */
export function parseBody<T extends z.ZodType>(
  schema: T,
  req: Request,
  res: Response,
  allowEmpty = false,
): z.output<T> | undefined {
  const body: unknown = req.body === undefined && allowEmpty ? {} : req.body;
  if (body === undefined) {
    sendError(res, 400, 'invalid_request', 'expected a JSON body with Content-Type: application/json');
    return undefined;
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
    sendError(res, 400, 'invalid_request', problems.join('; '));
    return undefined;
  }
  return result.data;
}

/** Real providers refuse a mutating call without a key; so do we, so the services cannot forget it. */
export function requireIdempotencyKey(req: Request, res: Response): string | undefined {
  const key = req.get('Idempotency-Key')?.trim();
  if (!key) {
    sendError(res, 400, 'missing_idempotency_key', 'the Idempotency-Key header is required');
    return undefined;
  }
  if (key.length > 255) {
    sendError(res, 400, 'invalid_idempotency_key', 'the Idempotency-Key header must be at most 255 characters');
    return undefined;
  }
  return key;
}

/** Last handlers of every app: unknown routes and thrown errors still answer JSON. */
export function finishApp(app: Express, log: Logger): void {
  app.use((req, res) => sendError(res, 404, 'not_found', `no route for ${req.method} ${req.path}`));
  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 500;
    if (status >= 400 && status < 500) {
      const type = typeof err === 'object' && err !== null && 'type' in err ? String(err.type) : 'bad_request';
      sendError(
        res,
        status,
        type === 'entity.parse.failed' ? 'invalid_json' : type,
        err instanceof Error ? err.message : 'bad request',
      );
      return;
    }
    log.warn('request failed', { method: req.method, path: req.path, error: String(err) });
    sendError(res, 500, 'internal_error', 'the simulator failed to handle the request');
  };
  app.use(onError);
}

export function jsonApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  return app;
}

export async function listenHttp(app: Express, host: string, port: number): Promise<RunningHttp> {
  const server = app.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    url: `http://${host}:${address.port}`,
    close: () => closeHttp(server),
  };
}

/** Keep-alive sockets would hold close() open for seconds; a stopped dependency drops them at once. */
export function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
