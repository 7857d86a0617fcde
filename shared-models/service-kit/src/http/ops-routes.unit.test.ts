import { startTestApp, type TestApp } from '../testing/support';

describe('health endpoints', () => {
  let app: TestApp | undefined;
  afterEach(() => app?.close());

  it('GET /health reports liveness without touching dependencies', async () => {
    app = await startTestApp(() => undefined, {
      readiness: [{ name: 'db', check: () => Promise.reject(new Error('down')) }],
    });
    const res = await fetch(`${app.url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', service: 'test-service', version: '1.2.3' });
    expect(Number.isInteger(body.uptimeSeconds)).toBe(true);
  });

  it('GET /health/ready is 200 when every check passes', async () => {
    app = await startTestApp(() => undefined, {
      readiness: [
        { name: 'postgres', check: async () => undefined },
        { name: 'kafka', check: async () => ({ ok: true, detail: '6 partitions assigned' }) },
      ],
    });
    const res = await fetch(`${app.url}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      service: 'test-service',
      checks: { postgres: { ok: true }, kafka: { ok: true, detail: '6 partitions assigned' } },
    });
  });

  it('GET /health/ready is 503 when a check fails, naming it', async () => {
    app = await startTestApp(() => undefined, {
      readiness: [
        { name: 'postgres', check: async () => undefined },
        {
          name: 'kafka',
          check: async () => {
            throw new Error('no brokers reachable');
          },
        },
      ],
    });
    const res = await fetch(`${app.url}/health/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'not_ready',
      checks: { postgres: { ok: true }, kafka: { ok: false, detail: 'no brokers reachable' } },
    });
  });

  it('GET /health/ready is 503 when a check hangs past its timeout', async () => {
    app = await startTestApp(() => undefined, {
      readiness: [{ name: 'registry', timeoutMs: 50, check: () => new Promise(() => undefined) }],
    });
    const started = Date.now();
    const res = await fetch(`${app.url}/health/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ checks: { registry: { ok: false, detail: 'timed out after 50 ms' } } });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('GET /health/ready reports a check that resolves { ok: false } as not ready', async () => {
    app = await startTestApp(() => undefined, {
      readiness: [{ name: 'payment-breaker', check: async () => ({ ok: false, detail: 'circuit open' }) }],
    });
    const res = await fetch(`${app.url}/health/ready`);
    expect(res.status).toBe(503);
  });
});
