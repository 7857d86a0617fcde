// Field-level hostile cases for each public endpoint: wrong types, missing fields, huge and
// negative numbers, over-long strings, bad identifiers and query parameters, admin auth.
import { bodyCases, JSON_HEADERS } from './hostile-body-cases';
import type { BodyEndpoint, Category, HostileCase } from './hostile-corpus';
import type { ServiceName } from './hostile-system';

type Json = Record<string, unknown>;

export function validOrder(customerId = 'CUST-HOSTILE'): Json {
  return {
    customerInfo: {
      customerId,
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@example.com',
      phone: '+1-202-555-0147',
      address: '1 Navy Yard',
      city: 'Arlington',
      state: 'VA',
      zipCode: '22202',
    },
    orderItems: [{ productId: 'PROD-001', quantity: 2, unitPrice: 19.99 }],
    totalAmount: 39.98,
  };
}

/** A deep copy of `base` with the value at a dotted path replaced, or removed when value is undefined. */
function edit(base: Json, path: string, value: unknown): Json {
  const copy = structuredClone(base);
  const keys = path.split('.');
  let node = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** [category, dotted path, value (undefined = remove), what the answer must name] */
type FieldCase = [Category, string, unknown, RegExp];

const ORDER_FIELDS: FieldCase[] = [
  ['missing-field', 'customerInfo', undefined, /customerInfo/],
  ['missing-field', 'orderItems', undefined, /orderItems/],
  ['missing-field', 'totalAmount', undefined, /totalAmount/],
  ['missing-field', 'customerInfo.email', undefined, /customerInfo\.email/],
  ['missing-field', 'customerInfo.customerId', undefined, /customerInfo\.customerId/],
  ['missing-field', 'orderItems.0.productId', undefined, /orderItems\.0\.productId/],
  ['missing-field', 'orderItems.0.quantity', undefined, /orderItems\.0\.quantity/],
  ['wrong-type', 'customerInfo', 'a string', /customerInfo/],
  ['wrong-type', 'customerInfo.firstName', 123, /customerInfo\.firstName/],
  ['wrong-type', 'customerInfo.email', 'not-an-email', /customerInfo\.email/],
  ['wrong-type', 'customerInfo.customerId', { $gt: '' }, /customerInfo\.customerId/],
  ['wrong-type', 'orderItems', {}, /orderItems/],
  ['wrong-type', 'orderItems', [], /orderItems/],
  ['wrong-type', 'orderItems.0', 'PROD-001', /orderItems\.0/],
  ['wrong-type', 'orderItems.0.quantity', '2', /orderItems\.0\.quantity/],
  ['wrong-type', 'orderItems.0.unitPrice', '19.99', /orderItems\.0\.unitPrice/],
  ['wrong-type', 'totalAmount', true, /totalAmount/],
  ['wrong-type', 'currency', 5, /currency/],
  ['wrong-type', 'currency', 'usd', /currency/],
  ['huge-number', 'orderItems.0.quantity', 1e308, /orderItems\.0\.quantity/],
  ['huge-number', 'orderItems.0.quantity', 10_001, /orderItems\.0\.quantity/],
  ['huge-number', 'orderItems.0.quantity', 2 ** 53 + 2, /orderItems\.0\.quantity/],
  ['huge-number', 'orderItems.0.unitPrice', 1e21, /orderItems\.0\.unitPrice/],
  ['huge-number', 'totalAmount', 1e300, /totalAmount/],
  ['negative', 'orderItems.0.quantity', -1, /orderItems\.0\.quantity/],
  ['negative', 'orderItems.0.quantity', 0, /orderItems\.0\.quantity/],
  ['negative', 'orderItems.0.quantity', 1.5, /orderItems\.0\.quantity/],
  ['negative', 'orderItems.0.unitPrice', -0.01, /orderItems\.0\.unitPrice/],
  ['negative', 'orderItems.0.unitPrice', 0.001, /orderItems\.0\.unitPrice/],
  ['negative', 'totalAmount', -39.98, /totalAmount/],
  ['negative', 'totalAmount', 39.97, /totalAmount/],
  ['long-string', 'customerInfo.firstName', 'A'.repeat(101), /customerInfo\.firstName/],
  ['long-string', 'customerInfo.customerId', 'C'.repeat(10_000), /customerInfo\.customerId/],
  ['long-string', 'customerInfo.email', `${'e'.repeat(300)}@example.com`, /customerInfo\.email/],
  ['long-string', 'customerInfo.address', 'x'.repeat(90_000), /customerInfo\.address/],
  ['long-string', 'orderItems.0.productId', 'P'.repeat(65), /orderItems\.0\.productId/],
  ['long-string', 'customerInfo.lastName', '   ', /customerInfo\.lastName/],
  ['unicode-control', 'customerInfo.firstName', 'Ada\u0000Lovelace', /customerInfo\.firstName.*NUL|NUL/],
  ['unicode-control', 'customerInfo.city', 'Lone \ud800 surrogate', /surrogate/],
  ['unicode-control', 'customerInfo.state', 'x'.repeat(99) + '🚀🚀', /customerInfo\.state/],
];

function orderPostCases(): HostileCase[] {
  const ep: BodyEndpoint = { service: 'order', method: 'POST', path: '/api/v1/orders' };
  const fieldCases = ORDER_FIELDS.map(([category, path, value, mentions]): HostileCase => ({
    name: `${category} ${path}=${JSON.stringify(value)?.slice(0, 30) ?? '(removed)'}`,
    category,
    ...ep,
    headers: JSON_HEADERS,
    body: JSON.stringify(edit(validOrder(), path, value)),
    expect: { status: 400, mentions },
  }));
  const roots: Array<[string, RegExp]> = [
    ['[]', /request body must be a JSON object/],
    ['"text"', /not valid JSON/],
    ['42', /not valid JSON/],
    ['null', /not valid JSON/],
    ['', /customerInfo: must be an object/],
  ];
  const rootCases = roots.map(([body, mentions]): HostileCase => ({
    name: `body ${body || '(empty)'}`,
    category: 'wrong-type',
    ...ep,
    headers: JSON_HEADERS,
    body,
    expect: { status: 400, mentions },
  }));
  const numbers: Array<[string, string]> = [
    ['quantity 1e999', '"quantity":1e999'],
    ['unitPrice -1e999', '"unitPrice":-1e999'],
  ];
  const rawNumbers = numbers.map(([name, replacement]): HostileCase => ({
    name,
    category: 'huge-number',
    ...ep,
    headers: JSON_HEADERS,
    expect: { status: 400, mentions: /orderItems\.0\.(quantity|unitPrice)/ },
    body: JSON.stringify(validOrder()).replace(
      name.startsWith('quantity') ? '"quantity":2' : '"unitPrice":19.99',
      replacement,
    ),
  }));
  const keys: Array<[string, RegExp]> = [
    ['has spaces', /Idempotency-Key/],
    ['k'.repeat(300), /Idempotency-Key/],
  ];
  const keyCases = keys.map(([key, mentions]): HostileCase => ({
    name: `Idempotency-Key ${key.slice(0, 20)}`,
    category: 'bad-identifier',
    ...ep,
    headers: { ...JSON_HEADERS, 'idempotency-key': key },
    body: JSON.stringify(validOrder()),
    expect: { status: 400, mentions },
  }));
  return [...fieldCases, ...rootCases, ...rawNumbers, ...keyCases, ...bodyCases(ep)].map((c) => ({
    ...c,
    name: `order POST /api/v1/orders: ${c.name}`,
  }));
}

/** [service, method, path, category, status, mentions] for requests without interesting bodies. */
type PathCase = [ServiceName, string, string, Category, number, RegExp];

function pathCases(unknownId: string): PathCase[] {
  return [
    ['order', 'GET', '/api/v1/orders?limit=abc', 'bad-query', 400, /limit/],
    ['order', 'GET', '/api/v1/orders?limit=0', 'bad-query', 400, /limit/],
    ['order', 'GET', '/api/v1/orders?limit=101', 'bad-query', 400, /limit/],
    ['order', 'GET', '/api/v1/orders?limit=-5', 'bad-query', 400, /limit/],
    ['order', 'GET', '/api/v1/orders?limit=1e309', 'huge-number', 400, /limit/],
    ['order', 'GET', '/api/v1/orders?limit=1&limit=2', 'bad-query', 400, /limit/],
    ['order', 'GET', '/api/v1/orders?status=BOGUS', 'bad-query', 400, /status/],
    ['order', 'GET', `/api/v1/orders?customerId=${'c'.repeat(65)}`, 'long-string', 400, /customerId/],
    ['order', 'GET', '/api/v1/orders?customerId=%00', 'unicode-control', 400, /customerId/],
    ['order', 'GET', '/api/v1/orders?cursor=garbage', 'bad-query', 400, /cursor/],
    [
      'order',
      'GET',
      `/api/v1/orders?cursor=${cursorOf({ createdAt: '2025-01-01T00:00:00Z', orderId: 'not-a-uuid' })}`,
      'bad-query',
      400,
      /cursor/,
    ],
    [
      'order',
      'GET',
      `/api/v1/orders?cursor=${cursorOf({ createdAt: '2025-01-01T00:00:00Z', orderId: '\u0000' })}`,
      'bad-query',
      400,
      /cursor/,
    ],
    [
      'order',
      'GET',
      `/api/v1/orders?cursor=${cursorOf({ createdAt: '+275760-09-13T00:00:00.000Z', orderId: unknownId })}`,
      'bad-query',
      400,
      /cursor/,
    ],
    ['order', 'GET', '/api/v1/orders/not-a-uuid', 'bad-identifier', 400, /not a UUID/],
    ['order', 'GET', "/api/v1/orders/1'%20OR%20'1'='1", 'injection', 400, /not a UUID/],
    ['order', 'GET', '/api/v1/orders/%E0%A4%A', 'bad-identifier', 400, /decode/i],
    ['order', 'GET', `/api/v1/orders/${'9'.repeat(5000)}`, 'long-string', 400, /not a UUID/],
    [
      'order',
      'GET',
      `/api/v1/orders/${unknownId}`,
      'bad-identifier',
      404,
      new RegExp(`order ${unknownId} does not exist`),
    ],
    ['order', 'POST', '/api/v1/orders/not-a-uuid/cancel', 'bad-identifier', 400, /not a UUID/],
    ['order', 'POST', `/api/v1/orders/${unknownId}/cancel`, 'bad-identifier', 404, /does not exist/],
    [
      'order',
      'DELETE',
      `/api/v1/orders/${unknownId}`,
      'wrong-method',
      405,
      /DELETE is not supported here; use GET, HEAD/,
    ],
    ['order', 'PUT', '/api/v1/orders', 'wrong-method', 405, /use GET, HEAD, POST/],
    ['order', 'PATCH', `/api/v1/orders/${unknownId}/cancel`, 'wrong-method', 405, /use POST/],
    ['inventory', 'GET', '/api/v1/inventory?limit=zero', 'bad-query', 400, /limit/],
    ['inventory', 'GET', '/api/v1/inventory?limit=100000000000000000000', 'huge-number', 400, /limit/],
    ['inventory', 'GET', `/api/v1/inventory?cursor=${'c'.repeat(201)}`, 'long-string', 400, /cursor/],
    ['inventory', 'GET', '/api/v1/inventory?cursor=AA', 'unicode-control', 400, /cursor/],
    ['inventory', 'GET', '/api/v1/inventory/..%2F..%2Fetc%2Fpasswd', 'injection', 400, /product id/],
    ['inventory', 'GET', '/api/v1/inventory/%3Cscript%3E', 'injection', 400, /product id "<script>" is not valid/],
    ['inventory', 'GET', "/api/v1/inventory/PROD'%20OR%201=1--", 'injection', 400, /product id/],
    ['inventory', 'GET', `/api/v1/inventory/${'P'.repeat(65)}`, 'long-string', 400, /product id/],
    ['inventory', 'GET', '/api/v1/inventory/%F0%9F%9A%80', 'unicode-control', 400, /product id/],
    [
      'inventory',
      'GET',
      '/api/v1/inventory/NO-SUCH-PRODUCT',
      'bad-identifier',
      404,
      /product NO-SUCH-PRODUCT does not exist/,
    ],
    ['inventory', 'GET', '/api/v1/inventory/PROD-001/movements?cursor=YWJj', 'bad-query', 400, /cursor/],
    [
      'inventory',
      'GET',
      `/api/v1/inventory/PROD-001/movements?cursor=${Buffer.from('99999999999999999999999').toString('base64url')}`,
      'huge-number',
      400,
      /cursor/,
    ],
    ['inventory', 'GET', '/api/v1/inventory/PROD-001/movements?limit=-1', 'negative', 400, /limit/],
    ['inventory', 'DELETE', '/api/v1/inventory/PROD-001', 'wrong-method', 405, /use GET, HEAD/],
    ['inventory', 'POST', '/api/v1/inventory/PROD-001/stock', 'wrong-method', 405, /use PUT/],
    ['shipping', 'GET', '/api/v1/shipments?status=LOST_IN_SPACE', 'bad-query', 400, /status/],
    ['shipping', 'GET', '/api/v1/shipments?limit=1.5', 'bad-query', 400, /limit/],
    ['shipping', 'GET', '/api/v1/shipments?cursor=%F0%9F%92%A9', 'bad-query', 400, /cursor/],
    [
      'shipping',
      'GET',
      `/api/v1/shipments?cursor=${cursorOf({ createdAt: '2025-01-01T00:00:00Z', id: '\u0000' })}`,
      'unicode-control',
      400,
      /cursor/,
    ],
    [
      'shipping',
      'GET',
      `/api/v1/shipments?cursor=${cursorOf({ createdAt: 'yesterday', id: 'x' })}`,
      'bad-query',
      400,
      /cursor/,
    ],
    ['shipping', 'GET', '/api/v1/shipments/%3Cimg%20src=x%3E', 'injection', 400, /orderId/],
    ['shipping', 'GET', `/api/v1/shipments/${'o'.repeat(200)}`, 'long-string', 400, /orderId/],
    [
      'shipping',
      'GET',
      `/api/v1/shipments/${unknownId}`,
      'bad-identifier',
      404,
      /shipment|does not exist|no shipment/i,
    ],
    ['shipping', 'DELETE', `/api/v1/shipments/${unknownId}`, 'wrong-method', 405, /use GET, HEAD/],
    ['shipping', 'GET', `/api/v1/shipments/${unknownId}/events`, 'wrong-method', 405, /use POST/],
    ['notification', 'GET', '/api/v1/notifications', 'missing-field', 400, /orderId is required/],
    [
      'notification',
      'GET',
      '/api/v1/notifications?orderId=12345',
      'bad-identifier',
      400,
      /orderId "12345" is not a UUID/,
    ],
    ['notification', 'GET', '/api/v1/notifications?orderId=a&orderId=b', 'bad-query', 400, /orderId/],
    [
      'notification',
      'GET',
      "/api/v1/notifications?orderId='%3B%20DROP%20TABLE%20notifications%3B--",
      'injection',
      400,
      /orderId/,
    ],
    ['notification', 'DELETE', '/api/v1/notifications', 'wrong-method', 405, /use GET, HEAD/],
    ['notification', 'GET', `/api/v1/notifications/${unknownId}/retry`, 'wrong-method', 405, /use POST/],
    ['analytics', 'GET', '/api/v1/analytics/summary?from=yesterday', 'bad-query', 400, /from/],
    ['analytics', 'GET', '/api/v1/analytics/summary?from=2025-02-30', 'bad-query', 400, /from/],
    [
      'analytics',
      'GET',
      '/api/v1/analytics/summary?from=2025-03-02&to=2025-03-01',
      'bad-query',
      400,
      /from.*must not be after to|must not be after to/,
    ],
    ['analytics', 'GET', '/api/v1/analytics/summary?to=99999-01-01', 'huge-number', 400, /to/],
    ['analytics', 'GET', '/api/v1/analytics/summary?from=a&from=b', 'bad-query', 400, /from/],
    ['analytics', 'GET', '/api/v1/analytics/products/top?limit=0', 'bad-query', 400, /limit/],
    ['analytics', 'GET', '/api/v1/analytics/products/top?limit=101', 'huge-number', 400, /limit/],
    ['analytics', 'GET', '/api/v1/analytics/products/top?limit=-3', 'negative', 400, /limit/],
    ['analytics', 'GET', '/api/v1/analytics/products/top?by=price%27%3B--', 'injection', 400, /by/],
    ['analytics', 'POST', '/api/v1/analytics/summary', 'wrong-method', 405, /use GET, HEAD/],
  ];
}

function cursorOf(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function adminCases(adminToken: string, unknownId: string): HostileCase[] {
  const auth = { authorization: `Bearer ${adminToken}` };
  const stock: BodyEndpoint = {
    service: 'inventory',
    method: 'PUT',
    path: '/api/v1/inventory/PROD-001/stock',
    headers: auth,
  };
  const retry: BodyEndpoint = {
    service: 'notification',
    method: 'POST',
    path: `/api/v1/notifications/${unknownId}/retry`,
    headers: auth,
  };
  const stockBodies: Array<[Category, unknown, RegExp]> = [
    ['negative', { quantity: -1, reason: 'x' }, /quantity/],
    ['negative', { quantity: 1.5, reason: 'x' }, /quantity/],
    ['wrong-type', { quantity: '5', reason: 'x' }, /quantity/],
    ['huge-number', { quantity: 1e10, reason: 'x' }, /quantity/],
    ['missing-field', { quantity: 5 }, /reason/],
    ['missing-field', {}, /quantity/],
    ['long-string', { quantity: 5, reason: 'r'.repeat(501) }, /reason/],
    ['wrong-type', { quantity: 5, reason: ['a'] }, /reason/],
    ['unicode-control', { quantity: 5, reason: 'nul\u0000' }, /reason/],
  ];
  const auths: Array<[BodyEndpoint, Record<string, string>, number, RegExp]> = [
    [stock, {}, 401, /admin token/],
    [stock, { authorization: 'Bearer wrong-token' }, 403, /not valid/],
    [stock, { authorization: `Basic ${adminToken}` }, 401, /admin token/],
    [retry, {}, 401, /admin token/],
    [retry, { authorization: `Bearer ${adminToken}x` }, 403, /not valid/],
    [retry, { authorization: 'Bearer' }, 401, /admin token/],
  ];
  return [
    ...stockBodies.map(([category, body, mentions]): HostileCase => ({
      name: `PUT stock ${JSON.stringify(body).slice(0, 40)}`,
      category,
      ...stock,
      headers: { ...JSON_HEADERS, ...auth },
      body: JSON.stringify(body),
      expect: { status: 400, mentions },
    })),
    ...auths.map(([ep, headers, status, mentions]): HostileCase => ({
      name: `${ep.method} ${ep.path} auth ${Object.values(headers)[0]?.slice(0, 12) ?? 'none'}`,
      category: 'auth',
      ...ep,
      headers: { ...JSON_HEADERS, ...headers },
      body: ep === stock ? '{"quantity":5,"reason":"x"}' : undefined,
      expect: { status, mentions },
    })),
    {
      name: 'retry unknown notification',
      category: 'bad-identifier',
      ...retry,
      expect: { status: 404, mentions: /does not exist/ },
    },
    {
      name: 'retry not-a-uuid',
      category: 'bad-identifier',
      ...retry,
      path: '/api/v1/notifications/not-a-uuid/retry',
      expect: { status: 400, mentions: /not a UUID/ },
    },
    {
      name: 'PUT stock of an unknown product',
      category: 'bad-identifier',
      ...stock,
      path: '/api/v1/inventory/NO-SUCH/stock',
      headers: { ...JSON_HEADERS, ...auth },
      body: '{"quantity":5,"reason":"x"}',
      expect: { status: 404, mentions: /NO-SUCH/ },
    },
    ...bodyCases(stock).map((c) => ({ ...c, name: `PUT stock: ${c.name}` })),
    ...bodyCases(retry).map((c) => ({ ...c, name: `POST retry: ${c.name}` })),
  ];
}

function webhookCases(unknownId: string): HostileCase[] {
  const ep: BodyEndpoint = { service: 'shipping', method: 'POST', path: `/api/v1/shipments/${unknownId}/events` };
  const valid = { trackingNumber: 'TRK-1', status: 'IN_TRANSIT', location: 'Depot', occurredAt: 1_700_000_000_000 };
  const fields: FieldCase[] = [
    ['missing-field', 'trackingNumber', undefined, /trackingNumber/],
    ['missing-field', 'occurredAt', undefined, /occurredAt/],
    ['wrong-type', 'status', 'TELEPORTED', /status/],
    ['wrong-type', 'occurredAt', '2025-01-01', /occurredAt/],
    ['negative', 'occurredAt', -1, /occurredAt/],
    ['huge-number', 'occurredAt', 1e300, /occurredAt/],
    ['long-string', 'location', 'l'.repeat(501), /location/],
    ['long-string', 'trackingNumber', 't'.repeat(65), /trackingNumber/],
    ['wrong-type', 'location', 42, /location/],
    ['unicode-control', 'location', 'Dock\u0000 7', /location/],
  ];
  const cases: HostileCase[] = [
    ...fields.map(([category, path, value, mentions]): HostileCase => ({
      name: `${category} ${path}`,
      category,
      ...ep,
      headers: JSON_HEADERS,
      body: JSON.stringify(edit(valid, path, value)),
      expect: { status: 400, mentions },
    })),
    {
      name: 'valid update for an unknown shipment',
      category: 'bad-identifier',
      ...ep,
      headers: JSON_HEADERS,
      body: JSON.stringify(valid),
      expect: { status: 404, mentions: new RegExp(unknownId) },
    },
    {
      name: 'injection in the shipment id',
      category: 'injection',
      ...ep,
      path: "/api/v1/shipments/x'%3B--/events",
      headers: JSON_HEADERS,
      body: JSON.stringify(valid),
      expect: { status: 400, mentions: /id/ },
    },
    ...bodyCases(ep),
  ];
  return cases.map((c) => ({ ...c, name: `shipping webhook: ${c.name}` }));
}

export function endpointCases(adminToken: string, unknownId: string): HostileCase[] {
  const paths = pathCases(unknownId).map(([service, method, path, category, status, mentions]): HostileCase => ({
    name: `${service} ${method} ${path.length > 60 ? `${path.slice(0, 50)}…[${path.length} chars]` : path}`,
    category,
    service,
    method,
    path,
    expect: { status, mentions },
  }));
  return [...orderPostCases(), ...paths, ...adminCases(adminToken, unknownId), ...webhookCases(unknownId)];
}
