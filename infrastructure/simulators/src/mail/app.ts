// Builds the mail catcher (SMTP + HTTP over one durable store) from a typed config. main.ts runs it
// on 1025/8025; tests start it on port 0 and restart it over the same directory. The HTTP inbox API
// here is what tests and fault scripts read captured mail through.
import { Router, type Express, type Request } from 'express';
import { faultAdminRouter, Knobs, mailFaultsSchema, type MailFaults } from '../shared/faults';
import { finishApp, jsonApp, listenHttp, sendError, type RunningHttp } from '../shared/http';
import { runtimeDeps, type RuntimeDeps } from '../shared/runtime';
import type { MailConfig } from './config';
import type { MessageFilter } from './message';
import { startSmtp } from './smtp';
import { MessageStore } from './store';

export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:8025 */
  url: string;
  store: MessageStore;
  /** The SMTP knobs (acceptDelayMs), also behind GET/PUT /admin/faults. */
  faults: Knobs<MailFaults>;
  close(): Promise<void>;
}

export function createMailHttpApp(store: MessageStore, faults: Knobs<MailFaults>, deps: RuntimeDeps): Express {
  const app = jsonApp();
  app.use(faultAdminRouter(faults, mailFaultsSchema, deps.log));
  app.use(mailRouter(store));
  finishApp(app, deps.log);
  return app;
}

export async function startMailCatcher(config: MailConfig, overrides: Partial<RuntimeDeps> = {}): Promise<MailCatcher> {
  const deps = runtimeDeps('mail-catcher', overrides);
  const store = await MessageStore.open(config.dir, deps.log);
  const faults = new Knobs<MailFaults>(config.faults);
  const smtp = await startSmtp(config, { store, clock: deps.clock, log: deps.log, faults });
  let http: RunningHttp;
  try {
    http = await listenHttp(createMailHttpApp(store, faults, deps), config.host, config.httpPort);
  } catch (error) {
    await smtp.close();
    throw error;
  }
  deps.log.info('listening', {
    smtp: `${config.host}:${smtp.port}`,
    http: http.url,
    dir: config.dir,
    stored: store.size,
    faults: config.faults,
  });
  return {
    smtpPort: smtp.port,
    httpPort: http.port,
    url: http.url,
    store,
    faults,
    // SMTP first, so nothing new is accepted while the API is still answering.
    close: async () => {
      await smtp.close();
      await http.close();
    },
  };
}

function mailRouter(store: MessageStore): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'mail-catcher', messages: store.size });
  });
  router.get('/api/messages', (req, res) => {
    res.json(store.list(filterFrom(req)));
  });
  router.get('/api/messages/:id', (req, res) => {
    const message = store.get(req.params.id);
    if (message) res.json(message);
    else sendError(res, 404, 'message_not_found', `no message ${req.params.id}`);
  });
  router.get('/api/messages/:id/raw', async (req, res) => {
    const raw = await store.raw(req.params.id);
    if (raw) res.type('message/rfc822').send(raw);
    else sendError(res, 404, 'message_not_found', `no message ${req.params.id}`);
  });
  router.delete('/api/messages', async (_req, res) => {
    await store.clear();
    res.status(204).end();
  });
  return router;
}

/** Empty or repeated query parameters are ignored rather than guessed at. */
function filterFrom(req: Request): MessageFilter {
  const filter: MessageFilter = {};
  for (const key of ['to', 'subject', 'orderId'] as const) {
    const value = req.query[key];
    if (typeof value === 'string' && value !== '') filter[key] = value;
  }
  return filter;
}
