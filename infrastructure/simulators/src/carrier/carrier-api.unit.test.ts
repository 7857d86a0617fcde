// The carrier simulator's booking, tracking, cancel and admin API over real HTTP on a free port.
import { silentLogger } from '../shared/runtime';
import { manualClock, requestJson, startWebhookReceiver, waitFor, type WebhookReceiver } from '../shared/test-support';
import { startCarrierSimulator, type CarrierSimulator } from './app';
import { loadCarrierConfig } from './config';

type Json = Record<string, unknown>;

const clock = manualClock();
let sim: CarrierSimulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const config = loadCarrierConfig({ CARRIER_PORT: '0', CARRIER_STEP_MS: '0', CARRIER_CALLBACK_RETRY_BASE_MS: '10' });
  sim = await startCarrierSimulator(config, { clock: clock.now, log: silentLogger });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const request = (orderId: string, address = '1 Main St') => ({
  orderId,
  recipient: { name: 'Ada Lovelace', address, city: 'Springfield', state: 'IL', zipCode: '62701' },
  items: [{ productId: 'sku-1', quantity: 2 }],
  callbackUrl: receiver.url,
});
const book = (key: string, body: unknown) =>
  requestJson<Json>('POST', `${sim.url}/v1/shipments`, body, { 'Idempotency-Key': key });
const track = (trackingNumber: unknown) =>
  requestJson<Json>('GET', `${sim.url}/v1/shipments/${String(trackingNumber)}`);
const cancel = (trackingNumber: unknown) =>
  requestJson<Json>('POST', `${sim.url}/v1/shipments/${String(trackingNumber)}/cancel`);
const advance = (trackingNumber: unknown, to = '') =>
  requestJson<Json>('POST', `${sim.url}/admin/shipments/${String(trackingNumber)}/advance${to ? `?to=${to}` : ''}`);
const statusesFor = (trackingNumber: unknown) =>
  receiver.calls
    .map((call) => call.body as Json)
    .filter((body) => body.trackingNumber === trackingNumber)
    .map((body) => body.status);

describe('booking', () => {
  it('creates a shipment with a SimExpress tracking number', async () => {
    const reply = await book('ord-1', request('ord-1', '1 HOLD St'));
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      shipmentRef: expect.stringMatching(/^shp_/),
      carrier: 'SimExpress',
      trackingNumber: expect.stringMatching(/^SIM[0-9A-Z]{12}$/),
      estimatedDeliveryAt: clock.now(),
      status: 'SCHEDULED',
    });
  });

  it('refuses an UNDELIVERABLE address with 422, also on replay', async () => {
    const first = await book('ord-und', request('ord-und', '9 UNDELIVERABLE Rd'));
    const again = await book('ord-und', request('ord-und', '9 UNDELIVERABLE Rd'));
    expect(first.status).toBe(422);
    expect(first.body.reason).toBe('undeliverable_address');
    expect(again.status).toBe(422);
  });

  it('replays the same booking for the same key and body, and refuses a different body', async () => {
    const first = await book('ord-idem', request('ord-idem', '2 HOLD St'));
    const again = await book('ord-idem', request('ord-idem', '2 HOLD St'));
    const other = await book('ord-idem', request('ord-idem', '3 HOLD St'));
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('idempotency_key_reused');
  });

  it('validates the request with a clear 400', async () => {
    const reply = await book('ord-bad', { ...request('ord-bad'), items: [], callbackUrl: 'ftp://nope' });
    const noKey = await requestJson<Json>('POST', `${sim.url}/v1/shipments`, request('ord-nokey'));
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/items/);
    expect(reply.body.message).toMatch(/callbackUrl/);
    expect(noKey.status).toBe(400);
  });

  it('answers 404 for an unknown tracking number', async () => {
    expect((await track('SIM000000000000')).status).toBe(404);
  });
});

describe('HOLD, advance and cancel', () => {
  it('keeps a HOLD parcel SCHEDULED until advanced, one step or all the way', async () => {
    const { body } = await book('ord-hold', request('ord-hold', '5 HOLD Ave'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await track(body.trackingNumber)).body.status).toBe('SCHEDULED');
    expect((await advance(body.trackingNumber)).body.status).toBe('SHIPPED');
    const delivered = await advance(body.trackingNumber, 'DELIVERED');
    expect(delivered.body.status).toBe('DELIVERED');
    await waitFor(() => statusesFor(body.trackingNumber).length === 4, 5_000, 'four callbacks');
    expect(statusesFor(body.trackingNumber)).toEqual(['SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect((await advance(body.trackingNumber)).status).toBe(409);
    expect((await advance(body.trackingNumber, 'LOST')).status).toBe(400);
  });

  it('cancels before shipping, stops progression and stays cancelled', async () => {
    const { body } = await book('ord-cancel', request('ord-cancel', '6 HOLD Ave'));
    const first = await cancel(body.trackingNumber);
    const again = await cancel(body.trackingNumber);
    const moved = await advance(body.trackingNumber);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ trackingNumber: body.trackingNumber, status: 'CANCELLED' });
    expect(again.status).toBe(200);
    expect(moved.status).toBe(409);
    expect((await track(body.trackingNumber)).body.status).toBe('CANCELLED');
    expect(statusesFor(body.trackingNumber)).toEqual([]);
  });

  it('refuses to cancel once shipped with 409 already_shipped', async () => {
    const { body } = await book('ord-late', request('ord-late', '7 HOLD Ave'));
    await advance(body.trackingNumber);
    const reply = await cancel(body.trackingNumber);
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ reason: 'already_shipped', status: 'SHIPPED' });
  });
});

describe('lookup by order', () => {
  const byOrder = (orderId: string) =>
    requestJson<Json[]>('GET', `${sim.url}/v1/shipments?orderId=${encodeURIComponent(orderId)}`);

  it('lists every parcel of an order, oldest first, with its status; an order without one lists none', async () => {
    const first = await book('ord-look-1', request('ord-look', '10 HOLD Ave'));
    const second = await book('ord-look-2', request('ord-look', '11 HOLD Ave'));
    await cancel(first.body.trackingNumber);
    const found = await byOrder('ord-look');
    expect(found.status).toBe(200);
    expect(found.body.map((s) => [s.trackingNumber, s.orderId, s.status])).toEqual([
      [first.body.trackingNumber, 'ord-look', 'CANCELLED'],
      [second.body.trackingNumber, 'ord-look', 'SCHEDULED'],
    ]);
    expect((await byOrder('ord-none')).body).toEqual([]);
  });

  it('requires the order id, and answers during an outage so invariant checks can read it', async () => {
    expect((await requestJson<Json>('GET', `${sim.url}/v1/shipments`)).status).toBe(400);
    await requestJson('PUT', `${sim.url}/admin/faults`, { outageUntil: clock.now() + 30_000 });
    const during = await byOrder('ord-look');
    await requestJson('PUT', `${sim.url}/admin/faults`, {});
    expect([during.status, during.body.length]).toEqual([200, 2]);
  });
});

describe('fault knobs', () => {
  it('answers 503 to the API during an outage while admin and health stay up', async () => {
    const { body } = await book('ord-pre', request('ord-pre', '8 HOLD Ave'));
    await requestJson('PUT', `${sim.url}/admin/faults`, { outageUntil: clock.now() + 30_000 });
    const during = await book('ord-out', request('ord-out'));
    const tracked = await track(body.trackingNumber);
    const admin = await advance(body.trackingNumber);
    const health = await requestJson('GET', `${sim.url}/health`);
    clock.advance(30_000);
    const after = await book('ord-out', request('ord-out', '4 HOLD St'));
    expect([during.status, tracked.status, admin.status, health.status, after.status]).toEqual([
      503, 503, 200, 200, 201,
    ]);
  });

  it('rejects invalid knobs and shows only the carrier knobs (no declines)', async () => {
    const invalid = await requestJson<Json>('PUT', `${sim.url}/admin/faults`, { errorRate: -1 });
    const valid = await requestJson<Json>('PUT', `${sim.url}/admin/faults`, { declineRate: 0.5, latencyMs: 5 });
    expect(invalid.status).toBe(400);
    expect(valid.body).toEqual({
      errorRate: 0,
      latencyMs: 5,
      outageUntil: null,
      skipRate: 0,
      duplicateRate: 0,
      reorderCallbacks: false,
      fractionalEstimate: false,
      outageActive: false,
    });
    await requestJson('PUT', `${sim.url}/admin/faults`, {});
  });
});

describe('config', () => {
  it('reads defaults, the stack.env port name, and rejects bad values', () => {
    expect(loadCarrierConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 8092,
      stepMs: 1_000,
      callbacks: { retryBaseMs: 250, retryMaxMs: 30_000, queueLimit: 10_000 },
    });
    expect(loadCarrierConfig({ CARRIER_SIMULATOR_PORT: '9192' }).port).toBe(9192);
    expect(() => loadCarrierConfig({ CARRIER_STEP_MS: '-1' })).toThrow(/CARRIER_STEP_MS/);
  });
});
