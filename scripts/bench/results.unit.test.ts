import {
  formatMarkdown,
  formatProcesses,
  formatRuns,
  formatSummary,
  type BenchResult,
  type RunResult,
} from './results';
import { checkTargets, runWarnings } from './verdicts';

const run = (overrides: Partial<RunResult> = {}): RunResult => ({
  name: 'open 50/s',
  kind: 'open',
  targetRate: 50,
  warmupSeconds: 5,
  measuredSeconds: 10,
  placed: 500,
  postStatuses: { 201: 500 },
  offeredPerSecond: 50,
  completed: 500,
  delivered: 490,
  cancelled: 10,
  cancelReasons: { PAYMENT_DECLINED: 10 },
  unfinished: 0,
  completedSagasPerSecond: 49.5,
  eventsPerSecond: 990,
  endToEndMs: { count: 500, p50: 120, p95: 300, p99: 450.5, max: 800 },
  postMs: { count: 500, p50: 8, p95: 20, p99: 35, max: 60 },
  processes: [
    { name: 'order-service', pids: 1, cpuCores: 0.45, peakMemoryMb: 180, memoryKind: 'rss' },
    { name: 'postgres', pids: 20, cpuCores: 0.6, peakMemoryMb: 300, memoryKind: 'pss' },
  ],
  postgres: {
    commits: 10_100,
    idleCommits: 100,
    commitsPerSaga: 20,
    grossCommitsPerSaga: 20.2,
    rowsWrittenPerSaga: {},
  },
  invariants: [{ name: 'every order terminal', ok: true, detail: '500/500 terminal' }],
  warnings: [],
  ...overrides,
});

describe('printed tables', () => {
  it('puts one row per run under the header, with latencies as p50/p95/p99/max', () => {
    const lines = formatRuns([
      run(),
      run({ name: 'max c=8', kind: 'closed', postStatuses: { 201: 90, 429: 10 } }),
    ]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/run +offered\/s +sagas\/s/);
    expect(lines[1]).toContain('120/300/450.5/800');
    expect(lines[1]).toContain('8/20/35/60');
    expect(lines[1]?.trim().split(/ +/).slice(-3)).toEqual(['990', '0', '20']);
    expect(lines[2]?.trim().split(/ +/).slice(-2)).toEqual(['10', '20']);
  });

  it('shows cpu and peak memory per process and run, a dash where a process was not seen', () => {
    const lines = formatProcesses([run(), run({ name: 'open 200/s', processes: [] })]).split('\n');
    expect(lines[1]).toMatch(/^order-service +0\.45 \/ 180 +–$/);
    expect(lines[2]).toMatch(/^postgres +0\.6 \/ 300 +–$/);
  });

  it('states the machine, the headline ratio, each invariant and the verdict', () => {
    const result: BenchResult = {
      at: '2026-11-22T03:00:00.000Z',
      label: '',
      config: {} as BenchResult['config'],
      machine: {
        hostname: 'h',
        cpuModel: 'AMD EPYC',
        cores: 2,
        memoryGb: 23.5,
        loadAverage: [1, 2, 3],
        kernel: 'k',
        node: 'v20',
      },
      simulators: { carrierStepMs: 0, orderRateLimit: '0', problems: [] },
      ceilings: { postgres: null, kafka: null },
      idleCommitsPerSecond: 10,
      maxSearch: null,
      runs: [run({ invariants: [{ name: 'stock conserved', ok: false, detail: 'x' }] })],
      headline: {
        sagasPerSecond: 49.5,
        commitsPerSaga: 20,
        pgCommitsPerSecond: 2000,
        pgSagaCeiling: 100,
        ratioToPgCeiling: 0.495,
        run: 'open 50/s',
        ratioToKafkaConsume: 0.01,
        eventsPerSaga: 20,
      },
      targets: [{ target: 'p99 POST ≤ 50 ms at 200/s', measured: 'not run', met: null }],
      ok: false,
    };
    const text = formatSummary(result);
    expect(text).toContain('AMD EPYC, 2 cores, 23.5 GB, load average at start 1 2 3');
    expect(text).toContain(
      'HEADLINE open 50/s: 49.5 completed sagas/s; 20 commits/saga; postgres 2000 commits/s ÷ commits/saga = 100 sagas/s ceiling; ratio 0.495',
    );
    expect(text).toContain('invariant FAIL [open 50/s] stock conserved: x');
    expect(text).toContain('target n/a  p99 POST ≤ 50 ms at 200/s: not run');
    expect(text.split('\n').at(-1)).toBe('RESULT: FAILED (see invariants and warnings above)');
  });
});

describe('run warnings', () => {
  it('names a rate limit, failures, unfinished sagas, a lagging generator and stock-outs', () => {
    const warnings = runWarnings(
      run({
        postStatuses: { 0: 2, 201: 80, 429: 18 },
        unfinished: 3,
        cancelReasons: { OUT_OF_STOCK: 4 },
        schedule: { planned: 100, sent: 100, late: 5, maxLagMs: 40 },
      }),
      1,
    );
    expect(warnings).toHaveLength(6);
    expect(warnings[0]).toContain('18 POSTs answered 429');
    expect(warnings[0]).toContain('ORDER_RATE_LIMIT_PER_SECOND=0');
    expect(warnings.join('\n')).toMatch(
      /2 POSTs failed[\s\S]*3 sagas had not ended[\s\S]*5\/100 sends late[\s\S]*seen more than once[\s\S]*4 sagas were cancelled for lack of stock/,
    );
  });

  it('has nothing to say about a clean run', () => {
    expect(runWarnings(run(), 0)).toEqual([]);
  });
});

describe('targets', () => {
  it('compares the 200/s run, 60-second runs and service memory with the issue targets', () => {
    const checks = checkTargets(
      [
        run({
          name: 'open 200/s',
          targetRate: 200,
          measuredSeconds: 60,
          completedSagasPerSecond: 199,
          endToEndMs: { count: 1, p50: 1, p95: 1, p99: 480, max: 1 },
          postMs: { count: 1, p50: 1, p95: 1, p99: 61, max: 61 },
        }),
        run({ name: 'max c=8', kind: 'closed', measuredSeconds: 10, completedSagasPerSecond: 1500 }),
      ],
      { 'order-service': 151, 'inventory-service': 120, kafka: 900 },
    );
    expect(checks.map((c) => [c.measured, c.met])).toEqual([
      ['199/s', false],
      ['480 ms', true],
      ['61 ms', false],
      ['max 180 MB (order-service)', true],
      ['max 151 MB (order-service)', false],
    ]);
  });

  it('says n/a for what was not measured', () => {
    expect(checkTargets([]).map((c) => c.met)).toEqual([null, null, null, null, null]);
  });
});

describe('markdown', () => {
  it('gives the machine, one table row per run and the ceilings', () => {
    const result = {
      at: '2026-11-22T03:00:00.000Z',
      label: 'smoke',
      config: {},
      idleCommitsPerSecond: 1,
      maxSearch: null,
      targets: [],
      ok: true,
      machine: {
        hostname: 'h',
        cpuModel: 'AMD EPYC',
        cores: 2,
        memoryGb: 23.5,
        loadAverage: [1, 2, 3],
        kernel: 'k',
        node: 'v20',
      },
      simulators: { carrierStepMs: 0, orderRateLimit: '0', problems: [] },
      ceilings: {
        postgres: {
          script: 's',
          runs: [
            { clients: 1, seconds: 10, tps: 100 },
            { clients: 8, seconds: 10, tps: 700 },
          ],
          bestTps: 700,
        },
        kafka: null,
      },
      runs: [run()],
      headline: {
        sagasPerSecond: 49.5,
        commitsPerSaga: 20,
        pgCommitsPerSecond: 700,
        pgSagaCeiling: 35,
        ratioToPgCeiling: 1.414,
        run: 'open 50/s',
        ratioToKafkaConsume: null,
        eventsPerSaga: 20,
      },
    } as unknown as BenchResult;
    const lines = formatMarkdown(result).split('\n');
    expect(lines[0]).toBe(
      'Taken 2026-11-22 03:00 UTC on AMD EPYC, 2 cores, 23.5 GB (load average at start 1 2 3), carrier step 0 ms, order rate limit 0: smoke.',
    );
    expect(lines[4]).toBe('| open 50/s | 50 | 49.5 | 490/10/0 | 120 / 300 / 450.5 / 800 | 8 / 35 | 990 | 20 | ok |');
    expect(lines[6]).toContain('pgbench 100 tps at 1 client, 700 tps at 8 clients; kafkajs not measured.');
  });
});
