// The payment provider simulator over real HTTP on a free port, with scripted randomness and a
// hand-driven clock so every fault outcome is deterministic.
import { silentLogger } from '../shared/runtime';
import { manualClock, requestJson } from '../shared/test-support';
import { startPaymentSimulator, type PaymentSimulator } from './app';
import { loadPaymentConfig } from './config';

const clock = manualClock();
let draws: number[] = [];
let sim: PaymentSimulator;

beforeAll(async () => {
  sim = await startPaymentSimulator(loadPaymentConfig({ PAYMENT_PORT: '0' }), {
    clock: clock.now,
    random: () => draws.shift() ?? 0.999,
    log: silentLogger,
  });
});
afterAll(() => sim.close());
beforeEach(async () => {
  draws = [];
  await requestJson('PUT', `${sim.url}/admin/faults`, {});
});

const authorize = (key: string, body: Record<string, unknown>) =>
  requestJson<Record<string, unknown>>('POST', `${sim.url}/v1/authorizations`, body, { 'Idempotency-Key': key });
const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
  orderId,
  customerId: 'cust-1',
  amountMinor: 4_999,
  currency: 'EUR',
  ...extra,
});
const refund = (paymentId: string, key: string, body?: unknown) =>
  requestJson<Record<string, unknown>>('POST', `${sim.url}/v1/authorizations/${paymentId}/refunds`, body, {
    'Idempotency-Key': key,
  });

describe('authorizations', () => {
  it('authorizes a valid request with 201 and a payment id', async () => {
    const reply = await authorize('ord-ok', order('ord-ok'));
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      paymentId: expect.stringMatching(/^pay_/),
      status: 'AUTHORIZED',
      orderId: 'ord-ok',
      amountMinor: 4_999,
      currency: 'EUR',
    });
  });

  it('declines customers whose id contains DECLINE, in any case', async () => {
    const reply = await authorize('ord-dec', order('ord-dec', { customerId: 'cust-Decline-7' }));
    expect(reply.status).toBe(402);
    expect(reply.body).toEqual({ status: 'DECLINED', reason: 'card_declined', orderId: 'ord-dec' });
  });

  it('declines amounts above the limit and accepts the limit itself', async () => {
    const over = await authorize('ord-big', order('ord-big', { amountMinor: 1_000_001 }));
    const at = await authorize('ord-max', order('ord-max', { amountMinor: 1_000_000 }));
    expect(over.status).toBe(402);
    expect(over.body.reason).toBe('amount_limit_exceeded');
    expect(at.status).toBe(201);
  });

  it('replays the stored answer for the same key and body, charging once', async () => {
    const first = await authorize('ord-rep', order('ord-rep'));
    const second = await authorize('ord-rep', order('ord-rep'));
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const listed = await requestJson<unknown[]>('GET', `${sim.url}/v1/authorizations?orderId=ord-rep`);
    expect(listed.body).toHaveLength(1);
  });

  it('replays a decline too, even after the rule that caused it is gone', async () => {
    draws = [0.1];
    await requestJson('PUT', `${sim.url}/admin/faults`, { declineRate: 0.5 });
    const first = await authorize('ord-rnd', order('ord-rnd'));
    await requestJson('PUT', `${sim.url}/admin/faults`, {});
    const second = await authorize('ord-rnd', order('ord-rnd'));
    expect(first.status).toBe(402);
    expect(first.body.reason).toBe('insufficient_funds');
    expect(second.status).toBe(402);
    expect(second.body).toEqual(first.body);
  });

  it('refuses the same key with a different body with 422', async () => {
    await authorize('ord-conf', order('ord-conf'));
    const reply = await authorize('ord-conf', order('ord-conf', { amountMinor: 5_000 }));
    expect(reply.status).toBe(422);
    expect(reply.body.error).toBe('idempotency_key_reused');
  });

  it('answers 400 with a clear message for a missing key or a bad body', async () => {
    const noKey = await requestJson<Record<string, unknown>>('POST', `${sim.url}/v1/authorizations`, order('ord-x'));
    const bad = await authorize('ord-bad', {
      orderId: 'ord-bad',
      customerId: 'c',
      amountMinor: 12.5,
      currency: 'euro',
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.message).toMatch(/Idempotency-Key/);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/amountMinor/);
    expect(bad.body.message).toMatch(/currency/);
  });
});

describe('refunds', () => {
  it('refunds once per key and lists the refund with its authorization', async () => {
    const paid = await authorize('ord-ref', order('ord-ref'));
    const paymentId = paid.body.paymentId as string;
    const first = await refund(paymentId, 'refund-ord-ref');
    const again = await refund(paymentId, 'refund-ord-ref');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ refundId: expect.stringMatching(/^re_/), paymentId, amountMinor: 4_999 });
    expect(again.body).toEqual(first.body);
    const listed = await requestJson<Array<{ refunds: unknown[] }>>(
      'GET',
      `${sim.url}/v1/authorizations?orderId=ord-ref`,
    );
    expect(listed.body[0]?.refunds).toHaveLength(1);
  });

  it('refuses a second full refund under another key, and unknown payments with 404', async () => {
    const paid = await authorize('ord-ref2', order('ord-ref2'));
    const paymentId = paid.body.paymentId as string;
    await refund(paymentId, 'r-1');
    const second = await refund(paymentId, 'r-2');
    const unknown = await refund('pay_missing', 'r-3');
    expect(second.status).toBe(409);
    expect(second.body.reason).toBe('refund_exceeds_remaining');
    expect(unknown.status).toBe(404);
  });

  it('treats a refund key reused for another payment as a conflict', async () => {
    const a = await authorize('ord-ra', order('ord-ra'));
    const b = await authorize('ord-rb', order('ord-rb'));
    await refund(a.body.paymentId as string, 'shared-key', { amountMinor: 100 });
    const reply = await refund(b.body.paymentId as string, 'shared-key', { amountMinor: 100 });
    expect(reply.status).toBe(422);
  });
});

describe('fault knobs', () => {
  it('answers 503 during an outage window and recovers when it ends', async () => {
    await requestJson('PUT', `${sim.url}/admin/faults`, { outageUntil: clock.now() + 30_000 });
    const during = await authorize('ord-out', order('ord-out'));
    const health = await requestJson('GET', `${sim.url}/health`);
    const knobs = await requestJson<Record<string, unknown>>('GET', `${sim.url}/admin/faults`);
    clock.advance(30_001);
    const after = await authorize('ord-out', order('ord-out'));
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('30');
    expect(health.status).toBe(200);
    expect(knobs.body).toMatchObject({ outageActive: true, errorRate: 0, declineRate: 0 });
    expect(after.status).toBe(201);
  });

  it('injects 500 or 503 at the error rate without charging', async () => {
    await requestJson('PUT', `${sim.url}/admin/faults`, { errorRate: 0.5 });
    draws = [0.2, 0.1, 0.3, 0.9, 0.7];
    const replies = [
      await authorize('ord-err', order('ord-err')),
      await authorize('ord-err', order('ord-err')),
      await authorize('ord-err', order('ord-err')),
    ];
    expect(replies.map((reply) => reply.status)).toEqual([500, 503, 201]);
    const listed = await requestJson<unknown[]>('GET', `${sim.url}/v1/authorizations?orderId=ord-err`);
    expect(listed.body).toHaveLength(1);
  });

  it('adds the configured latency', async () => {
    await requestJson('PUT', `${sim.url}/admin/faults`, { latencyMs: 80 });
    const started = Date.now();
    const reply = await authorize('ord-slow', order('ord-slow'));
    expect(reply.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('rejects invalid knobs with 400', async () => {
    const reply = await requestJson<Record<string, unknown>>('PUT', `${sim.url}/admin/faults`, {
      errorRate: 2,
      outageUntil: 'soon',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/errorRate/);
    expect(reply.body.message).toMatch(/outageUntil/);
  });
});

describe('config', () => {
  it('reads defaults and rejects bad values', () => {
    expect(loadPaymentConfig({})).toMatchObject({ host: '127.0.0.1', port: 8091, amountLimitMinor: 1_000_000 });
    expect(loadPaymentConfig({ PAYMENT_OUTAGE_UNTIL: '2030-01-01T00:00:00Z' }).faults.outageUntil).toBe(
      Date.UTC(2030, 0, 1),
    );
    expect(() => loadPaymentConfig({ PAYMENT_ERROR_RATE: '3' })).toThrow(/PAYMENT_ERROR_RATE/);
    expect(loadPaymentConfig({ PAYMENT_SIMULATOR_PORT: '9191' }).port).toBe(9191);
    expect(loadPaymentConfig({ PAYMENT_SIMULATOR_PORT: '9191', PAYMENT_PORT: '9292' }).port).toBe(9292);
  });
});
