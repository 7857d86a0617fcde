// The carrier's misbehaviour knobs over real HTTP: skipped statuses, duplicated and reordered
// callbacks, fractional estimates. Draws come from a scripted source, so each outcome is exact.
import { silentLogger } from '../shared/runtime';
import {
  manualClock,
  requestJson,
  startWebhookReceiver,
  waitFor,
  type ReceivedCall,
  type WebhookReceiver,
} from '../shared/test-support';
import { startCarrierSimulator, type CarrierSimulator } from './app';
import { loadCarrierConfig } from './config';
import { ESTIMATE_FRACTION } from './shipments';

type Json = Record<string, unknown>;

const clock = manualClock();
let draws: number[] = [];
let drawn = 0;
let sim: CarrierSimulator;
let receiver: WebhookReceiver;
/** Per test: the receiver's answer to each callback (default 204). */
let answer: (body: Json, calls: ReceivedCall[]) => number = () => 204;

beforeAll(async () => {
  receiver = await startWebhookReceiver((body, calls) => answer(body as Json, calls));
  // Step 0 moves a parcel through the flow at once; the window gathers all of its steps.
  const config = loadCarrierConfig({
    CARRIER_PORT: '0',
    CARRIER_STEP_MS: '0',
    CARRIER_REORDER_WINDOW_MS: '300',
    CARRIER_CALLBACK_RETRY_BASE_MS: '10',
  });
  const random = () => {
    drawn++;
    return draws.shift() ?? 0.999;
  };
  sim = await startCarrierSimulator(config, { clock: clock.now, random, log: silentLogger });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
beforeEach(async () => {
  draws = [];
  drawn = 0;
  answer = () => 204;
  await requestJson('PUT', `${sim.url}/admin/faults`, {});
});

const setFaults = (knobs: Json) => requestJson<Json>('PUT', `${sim.url}/admin/faults`, knobs);
const request = (orderId: string, address = '1 Main St') => ({
  orderId,
  recipient: { name: 'Ada Lovelace', address, city: 'Springfield', state: 'IL', zipCode: '62701' },
  items: [{ productId: 'sku-1', quantity: 1 }],
  callbackUrl: receiver.url,
});
async function ship(orderId: string, address?: string): Promise<Json> {
  const reply = await requestJson<Json>('POST', `${sim.url}/v1/shipments`, request(orderId, address), {
    'Idempotency-Key': orderId,
  });
  expect(reply.status).toBe(201);
  return reply.body;
}
const callsFor = (trackingNumber: unknown) =>
  receiver.calls.filter((call) => (call.body as Json).trackingNumber === trackingNumber);
const statusesFor = (trackingNumber: unknown) => callsFor(trackingNumber).map((call) => (call.body as Json).status);
const tracked = async (trackingNumber: unknown) =>
  (await requestJson<Json>('GET', `${sim.url}/v1/shipments/${String(trackingNumber)}`)).body;
const historyOf = async (trackingNumber: unknown) =>
  ((await tracked(trackingNumber)).history as Json[]).map((event) => event.status);
const settled = (trackingNumber: unknown) =>
  waitFor(async () => (await tracked(trackingNumber)).callbacksPending === 0, 5_000, 'callbacks settled');

describe('skipRate', () => {
  it('at 1, every step that can skip moves two statuses and posts only the later one', async () => {
    await setFaults({ skipRate: 1 });
    const { trackingNumber } = await ship('skip-all');
    await waitFor(async () => (await tracked(trackingNumber)).status === 'DELIVERED', 5_000, 'delivery');
    await settled(trackingNumber);
    expect(statusesFor(trackingNumber)).toEqual(['IN_TRANSIT', 'DELIVERED']);
    expect(await historyOf(trackingNumber)).toEqual(['SCHEDULED', 'IN_TRANSIT', 'DELIVERED']);
  });

  it('draws once per step that could skip, and skips where the draw is under the rate', async () => {
    await setFaults({ skipRate: 0.5 });
    draws = [0.9, 0.1]; // SCHEDULED→SHIPPED as usual; SHIPPED skips IN_TRANSIT; OUT_FOR_DELIVERY has nothing to skip
    const { trackingNumber } = await ship('skip-some');
    await waitFor(async () => (await tracked(trackingNumber)).status === 'DELIVERED', 5_000, 'delivery');
    await settled(trackingNumber);
    expect(statusesFor(trackingNumber)).toEqual(['SHIPPED', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect(drawn).toBe(2);
  });

  it('leaves the admin advance alone: it moves exactly to the status asked for', async () => {
    await setFaults({ skipRate: 1 });
    const { trackingNumber } = await ship('skip-admin', '2 HOLD St');
    const advanced = await requestJson<Json>('POST', `${sim.url}/admin/shipments/${String(trackingNumber)}/advance`);
    expect(advanced.body.status).toBe('SHIPPED');
    await settled(trackingNumber);
    expect(statusesFor(trackingNumber)).toEqual(['SHIPPED']);
  });
});

describe('duplicateRate', () => {
  it('posts a callback twice when the draw is under the rate, and keeps the order', async () => {
    await setFaults({ duplicateRate: 0.5 });
    draws = [0.1, 0.9, 0.2, 0.9]; // SHIPPED and OUT_FOR_DELIVERY twice
    const { trackingNumber } = await ship('dup-some');
    await waitFor(() => callsFor(trackingNumber).length === 6, 5_000, 'six callbacks');
    await settled(trackingNumber);
    expect(statusesFor(trackingNumber)).toEqual([
      'SHIPPED',
      'SHIPPED',
      'IN_TRANSIT',
      'OUT_FOR_DELIVERY',
      'OUT_FOR_DELIVERY',
      'DELIVERED',
    ]);
    const [first, second] = callsFor(trackingNumber);
    expect(second?.body).toEqual(first?.body);
    expect(await historyOf(trackingNumber)).toEqual([
      'SCHEDULED',
      'SHIPPED',
      'IN_TRANSIT',
      'OUT_FOR_DELIVERY',
      'DELIVERED',
    ]);
  });
});

describe('reorderCallbacks', () => {
  it('posts the steps that fell due together newest first', async () => {
    await setFaults({ reorderCallbacks: true });
    const { trackingNumber } = await ship('reorder-timed');
    await waitFor(() => callsFor(trackingNumber).length === 4, 5_000, 'four callbacks');
    expect(statusesFor(trackingNumber)).toEqual(['DELIVERED', 'OUT_FOR_DELIVERY', 'IN_TRANSIT', 'SHIPPED']);
    expect(drawn).toBe(0);
  });

  it('drops the older ones a receiver refuses with 409, as a receiver that never goes back does', async () => {
    await setFaults({ reorderCallbacks: true });
    const rejectedBefore = (await requestJson<{ callbacks: Json }>('GET', `${sim.url}/health`)).body.callbacks
      .rejected as number;
    const { trackingNumber } = await ship('reorder-admin', '3 HOLD St');
    answer = (_body, calls) =>
      calls.some((call) => call.answered < 300 && (call.body as Json).trackingNumber === trackingNumber) ? 409 : 204;
    await requestJson('POST', `${sim.url}/admin/shipments/${String(trackingNumber)}/advance?to=IN_TRANSIT`);
    await waitFor(() => callsFor(trackingNumber).length === 2, 5_000, 'two callbacks');
    await settled(trackingNumber);
    expect(callsFor(trackingNumber).map((call) => [(call.body as Json).status, call.answered])).toEqual([
      ['IN_TRANSIT', 204],
      ['SHIPPED', 409],
    ]);
    const health = await requestJson<{ callbacks: Json }>('GET', `${sim.url}/health`);
    expect(health.body.callbacks.rejected).toBe(rejectedBefore + 1);
  });
});

describe('fractionalEstimate', () => {
  it('gives the booking answer, its replay and the tracking view an estimate with a fraction of a millisecond', async () => {
    await setFaults({ fractionalEstimate: true });
    const booked = await ship('frac-on', '4 HOLD St');
    const replay = await requestJson<Json>('POST', `${sim.url}/v1/shipments`, request('frac-on', '4 HOLD St'), {
      'Idempotency-Key': 'frac-on',
    });
    expect(booked.estimatedDeliveryAt).toBe(clock.now() + ESTIMATE_FRACTION);
    expect(replay.body.estimatedDeliveryAt).toBe(booked.estimatedDeliveryAt);
    expect((await tracked(booked.trackingNumber)).estimatedDeliveryAt).toBe(booked.estimatedDeliveryAt);
    await setFaults({});
    expect(Number.isInteger((await ship('frac-off', '5 HOLD St')).estimatedDeliveryAt)).toBe(true);
  });
});

describe('setting the knobs', () => {
  it('PUT validates them and an omitted one goes back to off', async () => {
    expect((await setFaults({ skipRate: 1.5 })).status).toBe(400);
    expect((await setFaults({ reorderCallbacks: 'yes' })).status).toBe(400);
    expect(
      (await setFaults({ skipRate: 0.3, duplicateRate: 0.3, reorderCallbacks: true, fractionalEstimate: true })).body,
    ).toMatchObject({ skipRate: 0.3, duplicateRate: 0.3, reorderCallbacks: true, fractionalEstimate: true });
    expect((await setFaults({ skipRate: 0.3 })).body).toMatchObject({
      skipRate: 0.3,
      duplicateRate: 0,
      reorderCallbacks: false,
      fractionalEstimate: false,
    });
  });

  it('reads them from the environment, all off by default', () => {
    expect(loadCarrierConfig({}).faults).toMatchObject({
      skipRate: 0,
      duplicateRate: 0,
      reorderCallbacks: false,
      fractionalEstimate: false,
    });
    const env = {
      CARRIER_SKIP_RATE: '0.3',
      CARRIER_DUPLICATE_RATE: '1',
      CARRIER_REORDER_CALLBACKS: 'true',
      CARRIER_FRACTIONAL_ESTIMATE: 'ON',
    };
    expect(loadCarrierConfig(env).faults).toMatchObject({
      skipRate: 0.3,
      duplicateRate: 1,
      reorderCallbacks: true,
      fractionalEstimate: true,
    });
    expect(() => loadCarrierConfig({ CARRIER_REORDER_CALLBACKS: 'maybe' })).toThrow(/CARRIER_REORDER_CALLBACKS/);
    expect(() => loadCarrierConfig({ CARRIER_SKIP_RATE: '2' })).toThrow(/CARRIER_SKIP_RATE/);
  });

  it('derives the reorder window from the step (2.5 steps, at least 20 ms) unless it is set', () => {
    expect(loadCarrierConfig({}).callbacks.reorderWindowMs).toBe(2_500);
    expect(loadCarrierConfig({ CARRIER_STEP_MS: '0' }).callbacks.reorderWindowMs).toBe(20);
    expect(loadCarrierConfig({ CARRIER_REORDER_WINDOW_MS: '75' }).callbacks.reorderWindowMs).toBe(75);
  });

  it('starts with the knobs the environment set', async () => {
    const fromEnv = await startCarrierSimulator(
      loadCarrierConfig({ CARRIER_PORT: '0', CARRIER_SKIP_RATE: '1', CARRIER_FRACTIONAL_ESTIMATE: '1' }),
      { log: silentLogger },
    );
    const shown = await requestJson<Json>('GET', `${fromEnv.url}/admin/faults`);
    await fromEnv.close();
    expect(shown.body).toMatchObject({
      skipRate: 1,
      duplicateRate: 0,
      reorderCallbacks: false,
      fractionalEstimate: true,
    });
  });
});
