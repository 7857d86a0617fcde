// Issue #7: a corpus of hostile requests against every public endpoint of the five services.
// Each must get a clear 4xx problem+json naming the problem (never a 5xx, a crash or a stack
// trace), no request may change a row, and hostile text in accepted fields must come back verbatim.
import { randomUUID } from 'node:crypto';
import { eventually } from '@kot/testing';
import { buildHostileCorpus, type HostileCase } from './hostile-corpus';
import { validOrder } from './hostile-endpoint-cases';
import { ADMIN_TOKEN, startHostileSystem, type HostileSystem, type ServiceName } from './hostile-system';
import { sendRaw } from './raw-http';

const UNKNOWN_ID = randomUUID();
const corpus = buildHostileCorpus(ADMIN_TOKEN, UNKNOWN_ID);
// Stack frames ("at fn (file.ts:1:2)"), source paths and dependency paths: none may reach a client.
const STACK_TRACE = /\n\s+at |\bat [\w.<>$]+ \(|\.[jt]s:\d+|node_modules|prisma\.|ECONNREFUSED|PrismaClient/;
let h: HostileSystem;
let rowsBefore: Record<string, number>;

beforeAll(async () => {
  h = await startHostileSystem('hostile');
  rowsBefore = await h.rowCounts();
});
afterAll(() => h?.stop());

interface Answer {
  status: number;
  headers: (name: string) => string | null;
  body: string;
}

async function send(c: HostileCase): Promise<Answer> {
  const base = h.urls[c.service];
  if (c.raw) {
    const res = await sendRaw(base, c.raw);
    return { status: res.status, headers: (name) => res.headers[name] ?? null, body: res.body };
  }
  const res = await fetch(`${base}${c.path}`, { method: c.method, headers: c.headers, body: c.body });
  return { status: res.status, headers: (name) => res.headers.get(name), body: await res.text() };
}

/** Everything a problem says, so `mentions` can look for the field or the problem in one string. */
function namedIn(problem: { detail?: string; errors?: Array<{ field: string; message: string }> }): string {
  return [problem.detail ?? '', ...(problem.errors ?? []).map((e) => `${e.field}: ${e.message}`)].join(' | ');
}

function expectSecurityHeaders(answer: Answer, parsedByNode: boolean): void {
  expect(answer.headers('x-content-type-options')).toBe('nosniff');
  expect(answer.headers('x-powered-by')).toBeNull();
  expect(answer.headers('content-security-policy')).toBeTruthy();
  expect(answer.headers('x-frame-options')).toBeTruthy();
  if (parsedByNode) expect(answer.headers('strict-transport-security')).toBeTruthy();
}

describe('the hostile corpus', () => {
  it('has at least 200 cases, touching every service and category', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((c) => c.service))).toEqual(
      new Set<ServiceName>(['order', 'inventory', 'shipping', 'notification', 'analytics']),
    );
    expect(new Set(corpus.map((c) => c.category)).size).toBe(16);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const answer = await send(c);
    expect({ case: c.name, status: answer.status }).toEqual({ case: c.name, status: c.expect.status });
    expect(answer.headers('content-type')).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(answer.body) as {
      status: number;
      code: string;
      detail?: string;
      errors?: Array<{ field: string; message: string }>;
    };
    expect(problem.status).toBe(c.expect.status);
    expect(problem.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(namedIn(problem)).toMatch(c.expect.mentions);
    expect(answer.body).not.toMatch(STACK_TRACE);
    expectSecurityHeaders(answer, c.category !== 'garbled-http');
  });

  it('left every service ready and every table of every service unchanged', async () => {
    for (const [service, url] of Object.entries(h.urls)) {
      const ready = await fetch(`${url}/health/ready`);
      expect({ service, status: ready.status }).toEqual({ service, status: 200 });
    }
    expect(await h.rowCounts()).toEqual(rowsBefore);
  });
});

const HOSTILE = {
  sql: "Robert'); DROP TABLE order_view;--",
  script: '<script>alert("x")</script>',
  unicode: 'Zoë Ñandú 山田 🚀 \u202eevil\u202c',
  control: 'bell\u0007 escape\u001b[31m tab\tend',
};

/** True when `value` occurs, exactly, as some string anywhere inside `tree`. */
function containsString(tree: unknown, value: string): boolean {
  if (typeof tree === 'string') return tree === value;
  if (typeof tree !== 'object' || tree === null) return false;
  return Object.values(tree).some((child) => containsString(child, value));
}

describe('hostile text in accepted fields', () => {
  it('is stored and returned verbatim by the order API, and escaped in the HTML email', async () => {
    const order = validOrder(`CUST-${randomUUID().slice(0, 8)}`) as { customerInfo: Record<string, string> };
    Object.assign(order.customerInfo, {
      firstName: HOSTILE.script,
      lastName: HOSTILE.sql,
      address: HOSTILE.unicode,
      city: HOSTILE.control,
    });
    const placed = await fetch(`${h.urls.order}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    expect(placed.status).toBe(201);
    const { orderId } = (await placed.json()) as { orderId: string };

    const read = (await (await fetch(`${h.urls.order}/api/v1/orders/${orderId}`)).json()) as unknown;
    for (const value of Object.values(HOSTILE))
      expect({ value, found: containsString(read, value) }).toEqual({ value, found: true });

    await eventually(async () => (await h.mail.forOrder(orderId)).length > 0, 'the order-received email', 30_000);
    const [mail] = await h.mail.forOrder(orderId);
    expect(mail?.html).toContain('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;,');
    expect(mail?.html).not.toContain('<script');
    expect(mail?.text).toContain(`Hi ${HOSTILE.script},`);
  });

  it('is stored verbatim as a stock-change reason and returned by the movements API', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const product = (await (await fetch(`${h.urls.inventory}/api/v1/inventory/PROD-003`)).json()) as { onHand: number };
    const reason = `${HOSTILE.sql} ${HOSTILE.script} ${HOSTILE.unicode} ${HOSTILE.control}`;
    const put = await fetch(`${h.urls.inventory}/api/v1/inventory/PROD-003/stock`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ quantity: product.onHand + 1, reason }),
    });
    expect(put.status).toBe(200);
    const { movements } = (await (await fetch(`${h.urls.inventory}/api/v1/inventory/PROD-003/movements`)).json()) as {
      movements: Array<{ reason: string }>;
    };
    expect(movements[0]?.reason).toBe(reason);
  });

  it('answers injection in query filters with an honest empty result', async () => {
    const orders = await fetch(`${h.urls.order}/api/v1/orders?customerId=${encodeURIComponent("' OR '1'='1")}`);
    expect(orders.status).toBe(200);
    expect(await orders.json()).toEqual({ orders: [], nextCursor: null });
    const notifications = await fetch(`${h.urls.notification}/api/v1/notifications?orderId=${UNKNOWN_ID}`);
    expect(await notifications.json()).toEqual({ orderId: UNKNOWN_ID, notifications: [] });
  });

  it('replaces a hostile correlation id instead of echoing it', async () => {
    const res = await fetch(`${h.urls.shipping}/api/v1/shipments`, {
      headers: { 'x-correlation-id': `<script>${'x'.repeat(200)}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
