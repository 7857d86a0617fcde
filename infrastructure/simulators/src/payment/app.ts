// Builds the payment provider simulator from a typed config. main.ts runs it on 8091; tests start
// it on port 0 with an injected random source and clock.
import type { Express } from 'express';
import { FaultInjector, faultAdminRouter, paymentFaultsSchema, type PaymentFaults } from '../shared/faults';
import { finishApp, jsonApp, listenHttp, type RunningHttp } from '../shared/http';
import { IdempotencyStore } from '../shared/idempotency';
import { runtimeDeps, type RuntimeDeps } from '../shared/runtime';
import type { PaymentConfig } from './config';
import { PaymentLedger } from './ledger';
import { paymentRouter } from './routes';

export interface PaymentSimulator extends RunningHttp {
  app: Express;
  ledger: PaymentLedger;
  faults: FaultInjector<PaymentFaults>;
}

export function createPaymentApp(config: PaymentConfig, deps: RuntimeDeps): Omit<PaymentSimulator, keyof RunningHttp> {
  const ledger = new PaymentLedger(deps.clock);
  const faults = new FaultInjector<PaymentFaults>(config.faults, deps.random, deps.clock);
  const app = jsonApp();
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'payment-simulator', authorizations: ledger.list().length });
  });
  app.use(faultAdminRouter(faults, paymentFaultsSchema, deps.log));
  // Faults touch the calls the services make, never /health, /admin or the read-only ledger views
  // that invariant checks use after a fault test.
  app.use(
    '/v1',
    faults.middleware((req) => req.method === 'GET'),
  );
  app.use(
    paymentRouter({
      ledger,
      idempotency: new IdempotencyStore(),
      faults,
      amountLimitMinor: config.amountLimitMinor,
      log: deps.log,
    }),
  );
  finishApp(app, deps.log);
  return { app, ledger, faults };
}

export async function startPaymentSimulator(
  config: PaymentConfig,
  overrides: Partial<RuntimeDeps> = {},
): Promise<PaymentSimulator> {
  const deps = runtimeDeps('payment-simulator', overrides);
  const built = createPaymentApp(config, deps);
  const running = await listenHttp(built.app, config.host, config.port);
  deps.log.info('listening', { url: running.url, amountLimitMinor: config.amountLimitMinor, faults: config.faults });
  return { ...built, ...running };
}
