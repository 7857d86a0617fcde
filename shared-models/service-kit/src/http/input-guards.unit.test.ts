import { connect } from 'node:net';
import { startTestApp, type TestApp } from '../testing/support';
import { unstorableTextReason } from './input-guards';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp((a) => {
    a.post('/echo', (req, res) => {
      res.json({ body: req.body as unknown, query: req.query });
    });
  });
});
afterAll(() => app.close());

const post = (body: string, query = '') =>
  fetch(`${app.url}/echo${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

/** Writes raw bytes and resolves with whatever the server answers before closing. */
function rawExchange(request: string): Promise<string> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    socket.write(request);
  });
}

describe('text that cannot be stored verbatim', () => {
  it('classifies NUL and lone surrogates, and accepts other unicode and control characters', () => {
    expect(unstorableTextReason('a\u0000b')).toMatch(/NUL/);
    expect(unstorableTextReason('\ud800x')).toMatch(/unpaired surrogate/);
    expect(unstorableTextReason('Zoë 山田 🚀 \u0007\u001b[31m')).toBeUndefined();
  });

  it('answers 400 naming the body field and the query parameter', async () => {
    const res = await post(JSON.stringify({ customer: { name: 'x\u0000y' }, lines: [{ note: '\ud83d' }] }), '?who=%00');
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: Array<{ field: string; message: string }> };
    expect(problem.errors).toEqual([
      { field: 'who', message: 'must not contain NUL (\\u0000) characters' },
      { field: 'customer.name', message: 'must not contain NUL (\\u0000) characters' },
      { field: 'lines.0.note', message: 'must be valid Unicode (it contains an unpaired surrogate)' },
    ]);
  });

  it('passes other text through verbatim', async () => {
    const name = "Zoë 山田 🚀 \u0007 Robert'); DROP TABLE orders;-- <script>alert(1)</script>";
    const res = await post(JSON.stringify({ name }));
    expect(await res.json()).toEqual({ body: { name }, query: {} });
  });
});

describe('requests Node cannot parse', () => {
  it('get a problem+json 400 instead of a bare one', async () => {
    const answer = await rawExchange('GARBAGE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain('Content-Type: application/problem+json');
    expect(answer).toContain('X-Content-Type-Options: nosniff');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      status: 400,
      code: 'MALFORMED_HTTP',
    });
  });

  it('get 413 at once for a declared body over the limit, without waiting for it', async () => {
    const answer = await rawExchange(
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n{}',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('Request body exceeds the limit of 102400 bytes (Content-Length says 10000000000)');
  });

  it('get 431 naming the limit when the headers are too large', async () => {
    const answer = await rawExchange(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toContain('"code":"HEADERS_TOO_LARGE"');
  });
});
