// How a service wires the kit, using only the package's public entry point. Doubles as the
// reference example for service authors.
import { EventEmitter } from 'node:events';
import express from 'express';
import { z } from 'zod';
import {
  NotFoundError,
  addToContext,
  createBreaker,
  createHttpApp,
  createLogger,
  createMetrics,
  installShutdown,
  listen,
  loadConfig,
  positiveInt,
  serviceEnvSchema,
  url,
} from './index';

const env = {
  SERVICE_PORT: '0',
  LOG_LEVEL: 'silent',
  DATABASE_URL: 'postgres://order_service:order_service@127.0.0.1:5432/kot_test',
  PAYMENT_PROVIDER_URL: 'http://127.0.0.1:8091',
  PAYMENT_TIMEOUT_MS: '2000',
};

async function startService(signals: EventEmitter, exit: (code: number) => void) {
  const config = loadConfig(
    serviceEnvSchema({ PAYMENT_PROVIDER_URL: url(['http', 'https']), PAYMENT_TIMEOUT_MS: positiveInt(3000) }),
    env,
  );
  const logger = createLogger({ service: 'order-service', level: config.LOG_LEVEL });
  const metrics = createMetrics({ service: 'order-service', defaultMetrics: false });
  const orders = new Map([['o-1', { id: 'o-1', status: 'PLACED' }]]);
  const payments = createBreaker(
    'payment-provider',
    async (orderId: string) => ({ orderId, authorised: true }),
    {
      timeoutMs: config.PAYMENT_TIMEOUT_MS,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 30_000,
      volumeThreshold: 5,
    },
    { metrics, logger },
  );

  const app = createHttpApp({
    service: 'order-service',
    version: '0.1.0',
    logger,
    metrics,
    readiness: [
      { name: 'payment-provider', check: async () => ({ ok: payments.state() !== 'open', detail: payments.state() }) },
    ],
    configure: (a) => {
      const router = express.Router();
      router.get('/:id', async (req, res) => {
        addToContext({ orderId: req.params.id });
        const order = orders.get(req.params.id);
        if (!order) throw new NotFoundError(`Order ${req.params.id} not found`);
        res.json(order);
      });
      router.post('/:id/payments', async (req, res) => {
        const { amountCents } = z.object({ amountCents: z.number().int().positive() }).parse(req.body);
        res.status(201).json({ ...(await payments.fire(req.params.id)), amountCents });
      });
      a.use('/api/v1/orders', router);
    },
  });
  const server = await listen(app, config.SERVICE_PORT, '127.0.0.1');
  const shutdown = installShutdown({
    logger,
    signalSource: signals,
    exit,
    steps: [
      { name: 'http', run: () => server.close() },
      { name: 'breakers', run: () => payments.shutdown() },
    ],
  });
  return { server, shutdown };
}

describe('a service built from the public API', () => {
  it('serves routes, maps errors and shuts down on SIGTERM', async () => {
    const signals = new EventEmitter();
    const exits: number[] = [];
    let onExit: () => void = () => undefined;
    const exited = new Promise<void>((resolve) => (onExit = resolve));
    const { server, shutdown } = await startService(signals, (code) => {
      exits.push(code);
      onExit();
    });

    const ok = await fetch(`${server.url}/api/v1/orders/o-1`);
    expect(await ok.json()).toEqual({ id: 'o-1', status: 'PLACED' });
    const missing = await fetch(`${server.url}/api/v1/orders/o-2`);
    expect(missing.status).toBe(404);
    const paid = await fetch(`${server.url}/api/v1/orders/o-1/payments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ amountCents: 1299 }),
    });
    expect(await paid.json()).toEqual({ orderId: 'o-1', authorised: true, amountCents: 1299 });
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);

    signals.emit('SIGTERM');
    await exited;
    expect(exits).toEqual([0]);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    shutdown.dispose();
  });
});
