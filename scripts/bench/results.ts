// The shape of a bench result (what bench/results/*.json holds) and its printed form.
import type { BenchConfig } from './config';
import type { InvariantResult } from './invariants';
import type { KafkaCeiling } from './kafka-ceiling';
import type { MachineInfo } from './environment';
import type { PgCeiling } from './pg-ceiling';
import type { PgWork } from './pg-stats';
import type { ProcessUsage } from './processes';
import type { ScheduleStats } from './schedule';
import type { Headline, LatencySummary } from './stats';
import { formatTargets, type TargetCheck } from './verdicts';

export interface RunResult {
  name: string;
  kind: 'closed' | 'open';
  concurrency?: number;
  targetRate?: number;
  /** Load before the measured window (not counted), and the measured window itself. */
  warmupSeconds: number;
  measuredSeconds: number;
  placed: number;
  postStatuses: Record<string, number>;
  offeredPerSecond: number;
  /** Over all of the run's orders, warm-up included; the latencies cover orders placed in the window. */
  completed: number;
  delivered: number;
  cancelled: number;
  cancelReasons: Record<string, number>;
  unfinished: number;
  /** Terminal events seen during the measured window, per second of it. */
  completedSagasPerSecond: number;
  eventsPerSecond: number;
  endToEndMs: LatencySummary;
  postMs: LatencySummary;
  schedule?: ScheduleStats;
  processes: ProcessUsage[];
  postgres: PgWork;
  /** Checked over this run's orders once they all ended (or the drain time ran out). */
  invariants: InvariantResult[];
  warnings: string[];
}

export interface BenchResult {
  at: string;
  label: string;
  machine: MachineInfo;
  config: Omit<BenchConfig, 'endpoints'>;
  simulators: { carrierStepMs: number | null; orderRateLimit: string; problems: string[] };
  ceilings: { postgres: PgCeiling | null; kafka: KafkaCeiling | null };
  /** Commits/s of the `kot` database before any load; taken off each run's commits per saga. */
  idleCommitsPerSecond: number | null;
  /** Resident memory of each process before any load (MB); issue 16's idle target is read from it. */
  idleMemoryMb?: Record<string, number>;
  maxSearch: { method: string; steps: string[]; best: string | null } | null;
  runs: RunResult[];
  headline: Headline & { run: string | null; ratioToKafkaConsume: number | null; eventsPerSaga: number | null };
  targets: TargetCheck[];
  ok: boolean;
}

const pad = (value: unknown, width: number) => String(value ?? '–').padStart(width);
const lat = (s: LatencySummary) => `${s.p50 ?? '–'}/${s.p95 ?? '–'}/${s.p99 ?? '–'}/${s.max ?? '–'}`;

export function formatRuns(runs: RunResult[]): string {
  const header = [
    'run',
    'offered/s',
    'sagas/s',
    'deliv',
    'canc',
    'unfin',
    'e2e ms p50/p95/p99/max',
    'POST ms p50/p95/p99/max',
    'events/s',
    'non-201',
    'commits/saga',
  ];
  const widths = [16, 10, 9, 7, 6, 6, 28, 26, 9, 8, 13];
  const line = (cells: unknown[]) => cells.map((c, i) => pad(c, widths[i] as number)).join(' ');
  const rows = runs.map((r) =>
    line([
      r.name,
      r.offeredPerSecond,
      r.completedSagasPerSecond,
      r.delivered,
      r.cancelled,
      r.unfinished,
      lat(r.endToEndMs),
      lat(r.postMs),
      r.eventsPerSecond,
      r.placed === 0
        ? '–'
        : Object.entries(r.postStatuses)
            .filter(([s]) => s !== '201')
            .reduce((n, [, c]) => n + c, 0),
      r.postgres.commitsPerSaga,
    ]),
  );
  return [line(header), ...rows].join('\n');
}

export function formatProcesses(runs: RunResult[]): string {
  const names = [...new Set(runs.flatMap((r) => r.processes.map((p) => p.name)))];
  const header = ['process (cpu cores / peak MB)', ...runs.map((r) => r.name)];
  const cell = (run: RunResult, name: string) => {
    const p = run.processes.find((x) => x.name === name);
    return p ? `${p.cpuCores ?? '–'} / ${p.peakMemoryMb}` : '–';
  };
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(30) : c.padStart(16))).join(' ');
  const rows = [line(header), ...names.map((name) => line([name, ...runs.map((r) => cell(r, name))]))];
  if (names.some((name) => name.endsWith(' sum')))
    rows.push(
      '×N sum: cpu summed over the N processes, peak MB of their summed RSS in one sample; each process has its own row (the per-service memory targets are judged per instance)',
    );
  return rows.join('\n');
}

export function formatSummary(result: BenchResult): string {
  const m = result.machine;
  const h = result.headline;
  const pg = result.ceilings.postgres;
  const kafka = result.ceilings.kafka;
  return [
    `machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, load average at start ${m.loadAverage.join(' ')}; node ${m.node}`,
    `simulators: carrier step ${result.simulators.carrierStepMs ?? '?'} ms; faults off for the run; order rate limit ${result.simulators.orderRateLimit}`,
    pg
      ? `postgres ceiling: ${pg.script}: ${pg.runs.map((r) => `${r.clients} clients ${r.tps ?? '–'} tps`).join(', ')}${pg.error ? ` (${pg.error})` : ''}`
      : 'postgres ceiling: skipped',
    kafka
      ? `kafka ceiling: ${kafka.messages} × ${kafka.bytesEach} B: produce ${kafka.producePerSecond ?? '–'} msg/s, consume ${kafka.consumePerSecond ?? '–'} msg/s${kafka.error ? ` (${kafka.error})` : ''}`
      : 'kafka ceiling: skipped',
    `postgres idle: ${result.idleCommitsPerSecond ?? '–'} commits/s in the kot database with nothing placed (subtracted from commits/saga)`,
    `memory idle (MB): ${
      Object.entries(result.idleMemoryMb ?? {})
        .map(([name, mb]) => `${name} ${mb}`)
        .join(', ') || '–'
    }`,
    result.maxSearch
      ? `max search (${result.maxSearch.method}): ${result.maxSearch.steps.join(' → ')}; best ${result.maxSearch.best ?? '–'}`
      : '',
    `HEADLINE ${h.run ?? '–'}: ${h.sagasPerSecond} completed sagas/s; ${h.commitsPerSaga ?? '–'} commits/saga; postgres ${h.pgCommitsPerSecond ?? '–'} commits/s ÷ commits/saga = ${h.pgSagaCeiling ?? '–'} sagas/s ceiling; ratio ${h.ratioToPgCeiling ?? '–'}`,
    `           ${h.eventsPerSaga ?? '–'} events/saga; topic events/s ÷ raw kafkajs consume rate = ${h.ratioToKafkaConsume ?? '–'}`,
    formatTargets(result.targets),
    ...result.runs.flatMap((r) =>
      r.invariants.map((i) => `invariant ${i.ok ? 'ok  ' : 'FAIL'} [${r.name}] ${i.name}: ${i.detail}`),
    ),
    ...result.simulators.problems.map((p) => `note: ${p}`),
    ...result.runs.flatMap((r) => r.warnings.map((w) => `warning (${r.name}): ${w}`)),
    result.ok ? 'RESULT: ok' : 'RESULT: FAILED (see invariants and warnings above)',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

// The result as Markdown (bench/results/latest.md), to paste into README "Performance".
const v = (x: unknown) => (x === null || x === undefined ? '–' : String(x));

export function formatMarkdown(result: BenchResult): string {
  const m = result.machine;
  const h = result.headline;
  const pg = result.ceilings.postgres;
  const kafka = result.ceilings.kafka;
  const rows = result.runs.map(
    (r) =>
      `| ${r.name} | ${r.offeredPerSecond} | ${r.completedSagasPerSecond} | ${r.delivered}/${r.cancelled}/${r.unfinished} | ` +
      `${v(r.endToEndMs.p50)} / ${v(r.endToEndMs.p95)} / ${v(r.endToEndMs.p99)} / ${v(r.endToEndMs.max)} | ${v(r.postMs.p50)} / ${v(r.postMs.p99)} | ` +
      `${r.eventsPerSecond} | ${v(r.postgres.commitsPerSaga)} | ${r.invariants.every((i) => i.ok) ? 'ok' : 'FAILED'} |`,
  );
  return [
    `Taken ${result.at.slice(0, 16).replace('T', ' ')} UTC on ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB (load average at start ${m.loadAverage.join(' ')}), ` +
      `carrier step ${v(result.simulators.carrierStepMs)} ms, order rate limit ${result.simulators.orderRateLimit}${result.label ? `: ${result.label}` : ''}.`,
    '',
    '| run | offered/s | sagas/s | delivered/cancelled/unfinished | e2e ms p50 / p95 / p99 / max | POST ms p50 / p99 | events/s | commits/saga | invariants |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Ceilings: pgbench ${pg ? pg.runs.map((r) => `${v(r.tps)} tps at ${r.clients} client${r.clients === 1 ? '' : 's'}`).join(', ') : 'not measured'}; ` +
      `kafkajs ${kafka ? `${v(kafka.producePerSecond)} msg/s produced, ${v(kafka.consumePerSecond)} msg/s consumed` : 'not measured'}. ` +
      `Headline: ${h.sagasPerSecond} sagas/s (${v(h.run)}), ${v(h.commitsPerSaga)} commits/saga, ratio to the Postgres saga ceiling ${v(h.ratioToPgCeiling)}.`,
    '',
  ].join('\n');
}
