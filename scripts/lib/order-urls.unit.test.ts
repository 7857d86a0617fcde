import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseStackEnv } from '../../infrastructure/native/stack-env';
import {
  orderServiceUrls,
  parseUrlList,
  resolveOrderUrls,
  roundRobin,
  stackEnvFile,
  toolKafkaBrokers,
  toolStackEnv,
} from './order-urls';

const base = parseStackEnv(
  ['KAFKA_HOST=127.0.0.1', 'KAFKA_PORT=9092', 'KAFKA_CONTROLLER_PORT=9093', 'ORDER_SERVICE_PORT=8081'].join('\n'),
);

describe('round robin', () => {
  it('hands out the items in turn and starts over', () => {
    const next = roundRobin(['a', 'b', 'c']);
    expect(Array.from({ length: 7 }, next)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('always gives the one item of a single-instance system, and refuses an empty list', () => {
    const next = roundRobin(['only']);
    expect([next(), next(), next()]).toEqual(['only', 'only', 'only']);
    expect(() => roundRobin([])).toThrow('at least one');
  });
});

describe('order service URLs', () => {
  it('lists one URL per instance of the topology', () => {
    expect(orderServiceUrls(base)).toEqual(['http://127.0.0.1:8081']);
    expect(orderServiceUrls({ ...base, SERVICE_REPLICAS: '3' })).toEqual([
      'http://127.0.0.1:8081',
      'http://127.0.0.1:8181',
      'http://127.0.0.1:8281',
    ]);
  });

  it('prefers an explicit comma-separated list, trimmed and without trailing slashes', () => {
    expect(parseUrlList(' http://a:1/ ,, http://b:2')).toEqual(['http://a:1', 'http://b:2']);
    expect(resolveOrderUrls('http://x:1', { ...base, SERVICE_REPLICAS: '2' })).toEqual(['http://x:1']);
    expect(resolveOrderUrls(undefined, { ...base, SERVICE_REPLICAS: '2' })).toHaveLength(2);
    expect(resolveOrderUrls(' , ', base)).toEqual(['http://127.0.0.1:8081']);
  });

  it('takes KAFKA_BROKERS when set, else every broker of the topology', () => {
    expect(toolKafkaBrokers('h:1, h:2', base)).toEqual(['h:1', 'h:2']);
    expect(toolKafkaBrokers(undefined, { ...base, KAFKA_BROKER_COUNT: '2' })).toEqual([
      '127.0.0.1:9092',
      '127.0.0.1:9094',
    ]);
  });
});

describe('the stack env a tool reads', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'order-urls-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds infrastructure/stack.env above the file, from its source folder as from a dist folder', () => {
    const repo = path.resolve(__dirname, '../..');
    expect(stackEnvFile(__dirname)).toBe(path.join(repo, 'infrastructure/stack.env'));
    expect(stackEnvFile(path.join(repo, 'dist/lib'))).toBe(path.join(repo, 'infrastructure/stack.env'));
  });

  it("lays the running system's topology.env over KOT_STACK_ENV's file", () => {
    const file = path.join(dir, 'stack.env');
    writeFileSync(file, `STACK_LOCAL_DIR=${dir}\nORDER_SERVICE_PORT=9081\nSERVICE_REPLICAS=1\n`);
    expect(orderServiceUrls(toolStackEnv({ KOT_STACK_ENV: file }))).toEqual(['http://127.0.0.1:9081']);
    mkdirSync(path.join(dir, 'run'));
    writeFileSync(path.join(dir, 'run', 'topology.env'), 'SERVICE_REPLICAS=2\n');
    expect(orderServiceUrls(toolStackEnv({ KOT_STACK_ENV: file }))).toEqual([
      'http://127.0.0.1:9081',
      'http://127.0.0.1:9181',
    ]);
  });
});
