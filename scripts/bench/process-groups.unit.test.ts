import {
  byInstance,
  componentOf,
  isServiceInstance,
  kafkaPidFiles,
  sampleTotals,
  totalName,
  withTotals,
} from './process-groups';
import type { ProcessUsage } from './processes';
import { formatProcesses, type RunResult } from './results';
import { checkTargets } from './verdicts';

const usage = (name: string, cpuCores: number | null, peakMemoryMb: number): ProcessUsage => ({
  name,
  pids: 1,
  cpuCores,
  peakMemoryMb,
  memoryKind: 'rss',
});

describe('processes of one component', () => {
  it('groups instances and brokers by their name without the number', () => {
    expect(['order-service', 'order-service-2', 'kafka-3', 'registry'].map(componentOf)).toEqual([
      'order-service',
      'order-service',
      'kafka',
      'registry',
    ]);
    expect(['order-service-2', 'kafka', 'order-service'].sort(byInstance)).toEqual([
      'kafka',
      'order-service',
      'order-service-2',
    ]);
  });

  it("finds a single node's kafka.pid or a cluster's kafka-<n>.pid, in node order", () => {
    expect(kafkaPidFiles(['registry.pid', 'kafka.pid', 'stack.lock'])).toEqual(['kafka.pid']);
    expect(kafkaPidFiles(['kafka-10.pid', 'kafka-2.pid', 'kafka-1.pid', 'apps'])).toEqual([
      'kafka-1.pid',
      'kafka-2.pid',
      'kafka-10.pid',
    ]);
  });

  it('judges service instances, never a sum, Kafka or Postgres', () => {
    expect(['order-service', 'order-service-2', 'inventory-service'].every(isServiceInstance)).toBe(true);
    expect([totalName('order-service', 2), 'kafka-2', 'postgres', 'payment-simulator'].some(isServiceInstance)).toBe(
      false,
    );
  });
});

describe('total rows', () => {
  it("sums one sample's memory per component of several processes", () => {
    const kb = new Map([
      ['order-service', 100],
      ['order-service-2', 50],
      ['kafka-1', 10],
      ['kafka-2', 20],
      ['registry', 7],
    ]);
    expect(sampleTotals(kb)).toEqual(
      new Map([
        ['order-service ×2 sum', 150],
        ['kafka ×2 sum', 30],
      ]),
    );
  });

  it('adds one row after each multi-process component: cpu summed, memory the peak of the sum', () => {
    const rows = [usage('order-service', 0.4, 160), usage('order-service-2', 0.3, 170), usage('registry', 0.1, 300)];
    const out = withTotals(rows, new Map([['order-service ×2 sum', 300 * 1024]]));
    expect(out.map((r) => [r.name, r.cpuCores, r.peakMemoryMb, r.pids])).toEqual([
      ['order-service', 0.4, 160, 1],
      ['order-service-2', 0.3, 170, 1],
      ['order-service ×2 sum', 0.7, 300, 2],
      ['registry', 0.1, 300, 1],
    ]);
  });

  it('leaves a single-instance system exactly as it was', () => {
    const rows = [usage('order-service', 0.4, 160), usage('kafka', 1, 500)];
    expect(withTotals(rows, new Map())).toEqual(rows);
  });
});

describe('judgements and tables with two instances', () => {
  const run = { name: 'open 200/s', processes: [] as ProcessUsage[] } as unknown as RunResult;

  it('holds each instance to the memory target, not the sum of them', () => {
    run.processes = withTotals(
      [usage('order-service', 0.4, 170), usage('order-service-2', 0.3, 175)],
      new Map([['order-service ×2 sum', 345 * 1024]]),
    );
    const peak = checkTargets([run]).find((t) => t.target.includes('at peak'));
    expect(peak).toEqual(expect.objectContaining({ met: true, measured: 'max 175 MB (order-service-2)' }));
    const idle = checkTargets([], { 'order-service': 120, 'order-service-2': 155, 'order-service ×2 sum': 275 });
    expect(idle.find((t) => t.target.includes('idle'))).toEqual(
      expect.objectContaining({ met: false, measured: 'max 155 MB (order-service-2)' }),
    );
  });

  it('prints a row per instance, the sum row, and says what the sum means', () => {
    const lines = formatProcesses([run]).split('\n');
    expect(lines[1]).toMatch(/^order-service +0\.4 \/ 170$/);
    expect(lines[3]).toMatch(/^order-service ×2 sum +0\.7 \/ 345$/);
    expect(lines[4]).toMatch(/^×N sum: cpu summed over the N processes, peak MB of their summed RSS/);
  });
});
