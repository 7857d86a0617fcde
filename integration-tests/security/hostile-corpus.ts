// The hostile-request corpus: data, generated per endpoint × category. Every case says what it
// sends and what a correct service answers, including which field or problem the answer names.
import { randomUUID } from 'node:crypto';
import type { ServiceName } from './hostile-system';
import { endpointCases } from './hostile-endpoint-cases';

export type Category =
  | 'malformed-json'
  | 'wrong-type'
  | 'missing-field'
  | 'huge-number'
  | 'negative'
  | 'unicode-control'
  | 'long-string'
  | 'injection'
  | 'content-type'
  | 'oversized'
  | 'unknown-route'
  | 'wrong-method'
  | 'bad-identifier'
  | 'bad-query'
  | 'auth'
  | 'garbled-http';

export interface HostileCase {
  name: string;
  category: Category;
  service: ServiceName;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent exactly as given (already serialised). */
  body?: string;
  /** When set, the whole request is written to a bare socket instead (fetch cannot send it). */
  raw?: Buffer;
  expect: { status: number; mentions: RegExp };
}

/** An endpoint that takes a JSON body: the body-level categories apply to each. */
export interface BodyEndpoint {
  service: ServiceName;
  method: string;
  path: string;
  headers?: Record<string, string>;
}

/** Requests Node's parser rejects before any route runs; the same answer from every service. */
function garbledHttp(service: ServiceName): HostileCase[] {
  const requests: Array<[string, string, number, RegExp]> = [
    ['request line garbage', 'GARBAGE\r\n\r\n', 400, /not valid HTTP/],
    ['unknown method token', 'FOO BAR /health HTTP/1.1\r\nHost: x\r\n\r\n', 400, /not valid HTTP/],
    [
      'control byte in a header name',
      'GET /health HTTP/1.1\r\nHost: x\r\nX-Bad\u0001: v\r\n\r\n',
      400,
      /not valid HTTP/,
    ],
    [
      'both Content-Length and chunked (smuggling)',
      'POST /api/v1/x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
      /not valid HTTP/,
    ],
    [
      'broken chunked body',
      'POST /api/v1/x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      400,
      /not valid HTTP/,
    ],
    ['32 kB of headers', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(32_000)}\r\n\r\n`, 431, /too large/],
    ['20 kB URL', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, /too large/],
  ];
  return requests.map(([name, request, status, mentions]) => ({
    name,
    category: 'garbled-http',
    service,
    method: 'RAW',
    path: '(raw)',
    raw: Buffer.from(request, 'latin1'),
    expect: { status, mentions },
  }));
}

const OPS_AND_UNKNOWN: Array<[string, string, Category, number, RegExp]> = [
  ['POST', '/health', 'wrong-method', 405, /POST is not supported here; use GET, HEAD/],
  ['DELETE', '/metrics', 'wrong-method', 405, /DELETE is not supported here; use GET, HEAD/],
  ['PUT', '/health/ready', 'wrong-method', 405, /PUT is not supported here/],
  ['GET', '/api/v2/orders', 'unknown-route', 404, /No route matches GET \/api\/v2\/orders/],
  ['GET', '/admin', 'unknown-route', 404, /No route matches GET \/admin/],
  ['GET', '/%2e%2e/%2e%2e/etc/passwd', 'unknown-route', 404, /No route matches/],
  ['GET', `/api/v1/${'z'.repeat(4000)}`, 'unknown-route', 404, /No route matches GET \/api\/v1\/zzz/],
  ['GET', '/api/v1/%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'unknown-route', 404, /No route matches/],
];

function opsAndUnknownRoutes(service: ServiceName): HostileCase[] {
  return OPS_AND_UNKNOWN.map(([method, path, category, status, mentions]) => ({
    name: `${method} ${path.slice(0, 40)}`,
    category,
    service,
    method,
    path,
    expect: { status, mentions },
  }));
}

const SERVICES: ServiceName[] = ['order', 'inventory', 'shipping', 'notification', 'analytics'];

/** The whole corpus; `unknownId` is a UUID that names nothing, `adminToken` the configured token. */
export function buildHostileCorpus(adminToken: string, unknownId: string = randomUUID()): HostileCase[] {
  const perService = SERVICES.flatMap((service) =>
    [...garbledHttp(service), ...opsAndUnknownRoutes(service)].map((c) => ({ ...c, name: `${service}: ${c.name}` })),
  );
  const seen = new Map<string, number>();
  // Test names must be unique to be reported apart; a repeat gets a counter rather than vanishing.
  return [...endpointCases(adminToken, unknownId), ...perService].map((c) => {
    const count = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, count);
    return count === 1 ? c : { ...c, name: `${c.name} #${count}` };
  });
}
