import express from 'express';
import { z } from 'zod';
import { NotFoundError, RateLimitedError, DependencyUnavailableError } from '../errors/errors';
import { startTestApp, type TestApp } from '../testing/support';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp((a) => {
    const orders = express.Router();
    orders.get('/:id', async (req) => {
      throw new NotFoundError(`Order ${req.params.id} not found`);
    });
    orders.post('/', (req, res) => {
      const body = z.object({ sku: z.string(), quantity: z.number().int().positive() }).parse(req.body);
      res.status(201).json(body);
    });
    a.use('/api/v1/orders', orders);
    a.get('/boom', () => {
      throw new Error('db password=hunter2 at /srv/secret.ts');
    });
    a.get('/async-boom', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('async internals leaked?');
    });
    a.get('/limited', () => {
      throw new RateLimitedError(7);
    });
    a.get('/down', () => {
      throw new DependencyUnavailableError('payment provider is down', { retryAfterSeconds: 30 });
    });
  });
});
afterAll(() => app.close());

async function call(path: string, init?: RequestInit) {
  const res = await fetch(app.url + path, init);
  return { res, body: (await res.json()) as Record<string, unknown> };
}

function postJson(path: string, raw: string, contentType = 'application/json') {
  return call(path, { method: 'POST', headers: { 'Content-Type': contentType }, body: raw });
}

function expectProblem(res: Response, body: Record<string, unknown>, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(body).toMatchObject({ status, code, type: expect.stringContaining(code.toLowerCase().replace(/_/g, '-')) });
  expect(body.correlationId).toBe(res.headers.get('x-correlation-id'));
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
}

describe('problem details for bad input', () => {
  it('answers malformed JSON with 400 and says the JSON is malformed', async () => {
    const { res, body } = await postJson('/api/v1/orders', '{"sku": "A",');
    expectProblem(res, body, 400, 'MALFORMED_JSON');
    expect(body.detail).toMatch(/not valid JSON/);
    expect(body.instance).toBe('/api/v1/orders');
  });

  it('answers a 150 kB body with 413', async () => {
    const { res, body } = await postJson(
      '/api/v1/orders',
      JSON.stringify({ sku: 'x'.repeat(150 * 1024), quantity: 1 }),
    );
    expectProblem(res, body, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a text/plain body with 415', async () => {
    const { res, body } = await postJson('/api/v1/orders', 'sku=A', 'text/plain');
    expectProblem(res, body, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(body.detail).toContain('text/plain');
  });

  it('accepts a JSON body with a vendor +json type', async () => {
    const { res, body } = await postJson('/api/v1/orders', '{"sku":"A","quantity":2}', 'application/vnd.kot+json');
    expect(res.status).toBe(201);
    expect(body).toEqual({ sku: 'A', quantity: 2 });
  });

  it('turns a ZodError thrown by a handler into 400 listing every field', async () => {
    const { res, body } = await postJson('/api/v1/orders', '{"quantity": -1}');
    expectProblem(res, body, 400, 'VALIDATION_FAILED');
    expect((body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['quantity', 'sku']);
  });

  it('answers an unknown route with a problem-details 404', async () => {
    const { res, body } = await call('/nope');
    expectProblem(res, body, 404, 'ROUTE_NOT_FOUND');
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const { res, body } = await call('/api/v1/orders/42', { method: 'DELETE' });
    expectProblem(res, body, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers an undecodable path parameter with 400, not 500', async () => {
    const { res, body } = await call('/api/v1/orders/%E0%A4%A');
    expectProblem(res, body, 400, 'BAD_REQUEST');
  });
});

describe('problem details for handler errors', () => {
  it('maps an AppError rejected by an async handler (Express 5) to its status', async () => {
    const { res, body } = await call('/api/v1/orders/42');
    expectProblem(res, body, 404, 'NOT_FOUND');
    expect(body.detail).toBe('Order 42 not found');
  });

  it.each(['/boom', '/async-boom'])('answers an unexpected error at %s with 500 and leaks nothing', async (path) => {
    const { res, body } = await call(path);
    expectProblem(res, body, 500, 'INTERNAL_ERROR');
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/hunter2|secret\.ts|leaked|Error:|\n\s+at /);
    const logged = app.lines.find((l) => l.msg === 'unhandled error' && l.correlationId === body.correlationId);
    expect(JSON.stringify(logged?.err)).toMatch(/hunter2|leaked/);
  });

  it('sets Retry-After for 429 and 503', async () => {
    const limited = await call('/limited');
    expectProblem(limited.res, limited.body, 429, 'RATE_LIMITED');
    expect(limited.res.headers.get('retry-after')).toBe('7');
    const down = await call('/down');
    expectProblem(down.res, down.body, 503, 'DEPENDENCY_UNAVAILABLE');
    expect(down.res.headers.get('retry-after')).toBe('30');
  });
});
