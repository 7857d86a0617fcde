// Body-level hostile cases that apply to every endpoint taking a JSON body: malformed JSON,
// wrong content types and encodings, oversized bodies.
import type { BodyEndpoint, HostileCase } from './hostile-corpus';
import { rawRequest } from './raw-http';

export const JSON_HEADERS = { 'content-type': 'application/json' };

const MALFORMED_JSON = [
  '{',
  '{"a":}',
  '[1,2',
  'nul',
  "{'single':1}",
  '{"a":1,}',
  '{"a":1}}',
  '\u00ff\u00fe{',
  '"unterminated',
  '{"a":01}',
];

function malformedJson(ep: BodyEndpoint): HostileCase[] {
  return MALFORMED_JSON.map((body, i) => ({
    name: `malformed JSON #${i}`,
    category: 'malformed-json',
    ...ep,
    headers: { ...JSON_HEADERS, ...ep.headers },
    body,
    expect: { status: 400, mentions: /not valid JSON/ },
  }));
}

function contentTypes(ep: BodyEndpoint): HostileCase[] {
  const wrong: Array<[string, string, number, RegExp]> = [
    ['text/plain', 'hello', 415, /must be JSON.*text\/plain/],
    ['application/x-www-form-urlencoded', 'a=1&b=2', 415, /must be JSON.*x-www-form-urlencoded/],
    ['multipart/form-data; boundary=xyz', '--xyz--', 415, /must be JSON.*multipart/],
    ['application/xml', '<order/>', 415, /must be JSON.*xml/],
    ['application/json; charset=latin1', '{}', 415, /charset "latin1"/],
  ];
  const cases: HostileCase[] = wrong.map(([type, body, status, mentions]) => ({
    name: `content type ${type}`,
    category: 'content-type',
    ...ep,
    headers: { ...ep.headers, 'content-type': type },
    body,
    expect: { status, mentions },
  }));
  cases.push({
    name: 'unsupported content encoding',
    category: 'content-type',
    ...ep,
    headers: { ...JSON_HEADERS, ...ep.headers, 'content-encoding': 'compress' },
    body: '{}',
    expect: { status: 415, mentions: /content encoding "compress"/ },
  });
  cases.push({
    name: 'body without a content type',
    category: 'content-type',
    ...ep,
    raw: rawRequest(ep.method, ep.path, { ...ep.headers }, '{"a":1}'),
    expect: { status: 415, mentions: /must be JSON.*none/ },
  });
  return cases;
}

function oversized(ep: BodyEndpoint): HostileCase[] {
  const big = JSON.stringify({ padding: 'x'.repeat(200_000) });
  return [
    {
      name: '200 kB body',
      category: 'oversized',
      ...ep,
      headers: { ...JSON_HEADERS, ...ep.headers },
      body: big,
      expect: { status: 413, mentions: /exceeds the limit/ },
    },
    {
      name: 'declared 10 GB body',
      category: 'oversized',
      ...ep,
      raw: rawRequest(ep.method, ep.path, { ...JSON_HEADERS, ...ep.headers, 'content-length': '10000000000' }, '{}'),
      expect: { status: 413, mentions: /exceeds the limit/ },
    },
  ];
}

/** Body-level categories for one endpoint; the field-level ones come from hostile-endpoint-cases. */
export function bodyCases(ep: BodyEndpoint): HostileCase[] {
  return [...malformedJson(ep), ...contentTypes(ep), ...oversized(ep)];
}
