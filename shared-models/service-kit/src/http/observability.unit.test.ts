import express from 'express';
import { ConflictError } from '../errors/errors';
import { currentContext } from '../logging/logger';
import { startTestApp, type TestApp } from '../testing/support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp((a) => {
    const orders = express.Router();
    // Reports the id the handler sees after the body parser ran, i.e. across async hops.
    orders.post('/:id/notes', async (req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      res.json({ seen: currentContext().correlationId, body: req.body as unknown });
    });
    orders.put('/:id', () => {
      throw new ConflictError('version mismatch');
    });
    a.use('/api/v1/orders', orders);
  });
});
afterAll(() => app.close());

function postNote(headers: Record<string, string> = {}) {
  return fetch(`${app.url}/api/v1/orders/o-1/notes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ text: 'hi' }),
  });
}

describe('correlation ids', () => {
  it('echoes a sane incoming id and exposes it to handlers after body parsing', async () => {
    const res = await postNote({ 'X-Correlation-ID': 'checkout-123:abc.DEF_9' });
    expect(res.headers.get('x-correlation-id')).toBe('checkout-123:abc.DEF_9');
    expect(await res.json()).toEqual({ seen: 'checkout-123:abc.DEF_9', body: { text: 'hi' } });
  });

  it('keeps the context when the body arrives in slow chunks', async () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode('{"text":'));
        await new Promise((resolve) => setTimeout(resolve, 30));
        controller.enqueue(encoder.encode('"slow"}'));
        controller.close();
      },
    });
    const init = {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Correlation-ID': 'slow-1' },
      body,
      duplex: 'half',
    };
    const res = await fetch(`${app.url}/api/v1/orders/o-1/notes`, init as RequestInit);
    expect(await res.json()).toEqual({ seen: 'slow-1', body: { text: 'slow' } });
  });

  it('generates a uuid when the header is missing', async () => {
    const res = await postNote();
    const id = res.headers.get('x-correlation-id');
    expect(id).toMatch(UUID);
    expect(((await res.json()) as { seen: string }).seen).toBe(id);
  });

  it.each([['spaces and <html>'], ['x'.repeat(129)], ['line\tbreak']])('replaces an unsafe id (%#)', async (bad) => {
    const res = await postNote({ 'X-Correlation-ID': bad });
    expect(res.headers.get('x-correlation-id')).toMatch(UUID);
  });
});

describe('access log and metrics', () => {
  it('logs one access line per request with route template, status and correlation id', async () => {
    const res = await postNote({ 'X-Correlation-ID': 'log-check-1' });
    await res.text();
    const line = app.lines.find((l) => l.msg === 'request completed' && l.correlationId === 'log-check-1');
    expect(line).toMatchObject({
      level: 'info',
      service: 'test-service',
      method: 'POST',
      path: '/api/v1/orders/o-1/notes',
      route: '/api/v1/orders/:id/notes',
      status: 200,
    });
    expect(typeof line?.durationMs).toBe('number');
  });

  it('records the latency histogram by route template, never the raw path', async () => {
    await (await postNote()).text();
    await (
      await fetch(`${app.url}/api/v1/orders/o-77`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      })
    ).text();
    await (await fetch(`${app.url}/no/such/thing`)).text();
    const res = await fetch(`${app.url}/metrics`);
    const text = await res.text();
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*method="POST",route="\/api\/v1\/orders\/:id\/notes",status_code="200"/,
    );
    // A route that failed inside a mounted router still gets its full template.
    expect(text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/orders\/:id",status_code="409"/);
    expect(text).toMatch(/route="unmatched",status_code="404"/);
    expect(text).toContain('service="test-service"');
    expect(text).not.toContain('o-77');
    expect(text).not.toContain('/no/such/thing');
  });
});

describe('security headers', () => {
  it('sets helmet headers and hides x-powered-by', async () => {
    const res = await fetch(`${app.url}/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
