// Builds the carrier simulator from a typed config. main.ts runs it on 8092; tests start it on
// port 0 with CARRIER_STEP_MS=0 and short retry delays.
import type { Express } from 'express';
import { carrierFaultsSchema, FaultInjector, faultAdminRouter, type CarrierFaults } from '../shared/faults';
import { finishApp, jsonApp, listenHttp, type RunningHttp } from '../shared/http';
import { IdempotencyStore } from '../shared/idempotency';
import { runtimeDeps, type RuntimeDeps } from '../shared/runtime';
import { CallbackDispatcher } from './callbacks';
import type { CarrierConfig } from './config';
import { Progression } from './progression';
import { carrierRouter } from './routes';
import { ShipmentBook } from './shipments';

export interface CarrierParts {
  app: Express;
  book: ShipmentBook;
  callbacks: CallbackDispatcher;
  faults: FaultInjector<CarrierFaults>;
  /** Stops the timers and callback retries; the HTTP server is closed separately. */
  stop(): void;
}

export type CarrierSimulator = Omit<CarrierParts, 'stop'> & RunningHttp;

export function createCarrierApp(config: CarrierConfig, deps: RuntimeDeps): CarrierParts {
  const book = new ShipmentBook(deps.clock);
  const faults = new FaultInjector<CarrierFaults>(config.faults, deps.random, deps.clock);
  const callbacks = new CallbackDispatcher(config.callbacks, deps.log, () => faults.current().reorderCallbacks);
  const progression = new Progression(book, callbacks, config.stepMs, faults);
  const app = jsonApp();
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'carrier-simulator', shipments: book.size, callbacks: callbacks.stats() });
  });
  app.use(faultAdminRouter(faults, carrierFaultsSchema, deps.log));
  // Faults touch the carrier API the shipping service calls, never /health or /admin, nor the
  // lookup by order, which invariant checks read during an outage (as the provider's GET views).
  app.use(
    '/v1',
    faults.middleware((req) => req.method === 'GET' && req.path === '/shipments'),
  );
  app.use(
    carrierRouter({
      book,
      progression,
      callbacks,
      faults,
      idempotency: new IdempotencyStore(),
      stepMs: config.stepMs,
      log: deps.log,
    }),
  );
  finishApp(app, deps.log);
  const stop = (): void => {
    progression.close();
    callbacks.close();
  };
  return { app, book, callbacks, faults, stop };
}

export async function startCarrierSimulator(
  config: CarrierConfig,
  overrides: Partial<RuntimeDeps> = {},
): Promise<CarrierSimulator> {
  const deps = runtimeDeps('carrier-simulator', overrides);
  const { stop, ...parts } = createCarrierApp(config, deps);
  const running = await listenHttp(parts.app, config.host, config.port);
  deps.log.info('listening', { url: running.url, stepMs: config.stepMs, faults: config.faults });
  const close = async (): Promise<void> => {
    stop();
    await running.close();
  };
  return { ...parts, ...running, close };
}
