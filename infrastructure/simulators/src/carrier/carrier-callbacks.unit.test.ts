// Tracking progression and webhook delivery: order, retries with backoff, final 404/409 answers,
// and a receiver that is down when the event is first sent.
import { createServer } from 'node:net';
import { silentLogger } from '../shared/runtime';
import {
  requestJson,
  startWebhookReceiver,
  waitFor,
  type ReceivedCall,
  type WebhookReceiver,
} from '../shared/test-support';
import { startCarrierSimulator, type CarrierSimulator } from './app';
import { loadCarrierConfig } from './config';

type Json = Record<string, unknown>;

let sim: CarrierSimulator;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  const config = loadCarrierConfig({
    CARRIER_PORT: '0',
    CARRIER_STEP_MS: '0',
    CARRIER_CALLBACK_RETRY_BASE_MS: '10',
    CARRIER_CALLBACK_RETRY_MAX_MS: '40',
    CARRIER_CALLBACK_TIMEOUT_MS: '1000',
  });
  sim = await startCarrierSimulator(config, { log: silentLogger });
});
afterAll(async () => {
  await sim.close();
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

async function receiver(
  answer?: (body: unknown, calls: ReceivedCall[]) => number,
  port?: number,
): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(answer, port);
  receivers.push(started);
  return started;
}

async function ship(orderId: string, callbackUrl: string): Promise<string> {
  const recipient = { name: 'Grace Hopper', address: '10 Navy Way', city: 'Arlington', state: 'VA', zipCode: '22202' };
  const reply = await requestJson<Json>(
    'POST',
    `${sim.url}/v1/shipments`,
    { orderId, recipient, items: [{ productId: 'sku-9', quantity: 1 }], callbackUrl },
    { 'Idempotency-Key': orderId },
  );
  expect(reply.status).toBe(201);
  return reply.body.trackingNumber as string;
}

const FLOW = ['SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'];
const delivered = (target: WebhookReceiver) =>
  target.calls.filter((call) => call.answered < 300).map((call) => (call.body as Json).status);

describe('progression with CARRIER_STEP_MS=0', () => {
  it('posts all four tracking events to the callback URL, in order', async () => {
    const target = await receiver();
    const trackingNumber = await ship('ord-flow', target.url);
    await waitFor(() => target.calls.length === 4, 5_000, 'four callbacks');
    expect(target.calls.map((call) => call.body)).toEqual(
      FLOW.map((status) => ({ trackingNumber, status, location: expect.any(String), occurredAt: expect.any(Number) })),
    );
    expect(target.calls[3]?.body).toMatchObject({ location: '10 Navy Way, Arlington, VA 22202' });
    const tracked = await requestJson<Json>('GET', `${sim.url}/v1/shipments/${trackingNumber}`);
    expect(tracked.body).toMatchObject({ status: 'DELIVERED', callbacksPending: 0 });
  });
});

describe('callback delivery', () => {
  it('retries a failing callback with backoff and keeps the order', async () => {
    const target = await receiver((_body, calls) => (calls.length < 3 ? 500 : 200));
    await ship('ord-retry', target.url);
    await waitFor(() => delivered(target).length === 4, 5_000, 'four delivered callbacks');
    expect(target.calls.slice(0, 3).map((call) => [(call.body as Json).status, call.answered])).toEqual([
      ['SHIPPED', 500],
      ['SHIPPED', 500],
      ['SHIPPED', 500],
    ]);
    expect(delivered(target)).toEqual(FLOW);
    const health = await requestJson<{ callbacks: Json }>('GET', `${sim.url}/health`);
    expect(health.body.callbacks.failedAttempts).toBeGreaterThanOrEqual(3);
  });

  it('treats 409 and 404 as final and moves on to the next event', async () => {
    const target = await receiver(
      (body) => ({ SHIPPED: 409, IN_TRANSIT: 404 })[(body as Json).status as string] ?? 204,
    );
    await ship('ord-final', target.url);
    await waitFor(() => target.calls.length === 4, 5_000, 'four callbacks');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(target.calls.map((call) => [(call.body as Json).status, call.answered])).toEqual([
      ['SHIPPED', 409],
      ['IN_TRANSIT', 404],
      ['OUT_FOR_DELIVERY', 204],
      ['DELIVERED', 204],
    ]);
  });

  it('retries after connection errors until the receiver comes up', async () => {
    const failedAttempts = async () =>
      (await requestJson<{ callbacks: { failedAttempts: number } }>('GET', `${sim.url}/health`)).body.callbacks
        .failedAttempts;
    const before = await failedAttempts();
    const port = await freePort();
    await ship('ord-down', `http://127.0.0.1:${port}/carrier-events`);
    await waitFor(async () => (await failedAttempts()) >= before + 3, 5_000, 'three refused connections');
    const target = await receiver(undefined, port);
    await waitFor(() => target.calls.length === 4, 5_000, 'four callbacks after start');
    expect(delivered(target)).toEqual(FLOW);
  });
});

/** A port nothing listens on right now (the receiver starts on it later). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
