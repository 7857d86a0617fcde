// `npm run bench` — the performance benchmark against the running native stack (see README,
// "Performance"). Ceilings first (pgbench, raw kafkajs), then the runs the mode asks for, each
// followed by the invariant checks; prints tables, writes bench/results/<ts>.json, latest.json
// and latest.svg. Exit code 1 when an invariant failed or the bench could not run.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadBenchConfig, USAGE, type BenchConfig } from './config';
import { measureKafkaCeiling } from './kafka-ceiling';
import { describeMachine, makeSimulatorsInstant } from './environment';
import { measurePgCeiling } from './pg-ceiling';
import { idleCommitRate } from './pg-stats';
import { memoryNow } from './processes';
import { ensureStock } from './restock';
import {
  formatMarkdown,
  formatProcesses,
  formatRuns,
  formatSummary,
  type BenchResult,
  type RunResult,
} from './results';
import { measureRun, type RunContext } from './run';
import { bestRun, searchMax, SEARCH_METHOD } from './search';
import { headline, ratio } from './stats';
import { renderPlot } from './svg';
import { checkTargets } from './verdicts';
import { TerminalWatch } from './terminal-watch';

const ROOT = path.resolve(__dirname, '../..');
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function ceilings(config: BenchConfig): Promise<BenchResult['ceilings']> {
  if (!config.ceilings) return { postgres: null, kafka: null };
  log('postgres ceiling: pgbench simple-update, 1 and 8 clients, 10 s each');
  const postgres = await measurePgCeiling(config.endpoints.pg, [1, 8], 10);
  log('kafka ceiling: 50,000 messages produced and consumed with kafkajs');
  const kafka = await measureKafkaCeiling(config.endpoints.brokers, 50_000);
  return { postgres, kafka };
}

/** Units per bench product a run may take: the open-loop plan, or for a closed loop a generous 20 sagas/s per worker. */
function unitsPerProduct(spec: Parameters<typeof measureRun>[1], config: BenchConfig): number {
  const seconds = config.warmupS + config.durationS;
  const orders =
    spec.kind === 'open' ? (spec.rate ?? 0) * seconds : Math.min(200_000, (spec.concurrency ?? 1) * 20 * seconds);
  return Math.ceil((orders * 1.2) / 10) + 20;
}

async function runAll(
  ctx: RunContext,
  config: BenchConfig,
): Promise<{ runs: RunResult[]; maxSearch: BenchResult['maxSearch'] }> {
  const durationMs = config.durationS * 1000;
  const warmupMs = config.warmupS * 1000;
  const runs: RunResult[] = [];
  let maxSearch: BenchResult['maxSearch'] = null;
  const measure = async (spec: Parameters<typeof measureRun>[1]) => {
    const stockProblems = config.restock
      ? await ensureStock(config.endpoints.inventoryUrl, config.endpoints.adminToken, unitsPerProduct(spec, config))
      : [];
    log(`run ${spec.name}: ${config.warmupS} s warm-up + ${config.durationS} s measured`);
    const run = await measureRun(ctx, spec);
    run.warnings.unshift(...stockProblems);
    log(`  ${run.completedSagasPerSecond} sagas/s, e2e p99 ${run.endToEndMs.p99} ms, ${run.unfinished} unfinished`);
    return run;
  };
  if (config.mode === 'closed')
    runs.push(
      await measure({
        name: `closed c=${config.concurrency}`,
        kind: 'closed',
        concurrency: config.concurrency,
        warmupMs,
        durationMs,
      }),
    );
  if (config.mode === 'max' || config.mode === 'suite') {
    const steps = await searchMax(
      (c) => measure({ name: `max c=${c}`, kind: 'closed', concurrency: c, warmupMs, durationMs }),
      config.maxStart,
      config.maxFactor,
      config.maxSteps,
    );
    runs.push(...steps);
    maxSearch = {
      method: SEARCH_METHOD,
      steps: steps.map((r) => `c=${r.concurrency}: ${r.completedSagasPerSecond}/s`),
      best: bestRun(steps)?.name ?? null,
    };
  }
  if (config.mode === 'open' || config.mode === 'suite') {
    for (const rate of config.rates)
      runs.push(await measure({ name: `open ${rate}/s`, kind: 'open', rate, warmupMs, durationMs }));
  }
  return { runs, maxSearch };
}

function assemble(
  config: BenchConfig,
  partial: Pick<BenchResult, 'machine' | 'simulators' | 'ceilings' | 'idleCommitsPerSecond' | 'idleMemoryMb'>,
  runs: RunResult[],
  maxSearch: BenchResult['maxSearch'],
): BenchResult {
  const best = bestRun(runs);
  const sagas = best?.completedSagasPerSecond ?? 0;
  const h = headline(sagas, best?.postgres.commitsPerSaga ?? null, partial.ceilings.postgres?.bestTps ?? null);
  const { endpoints: _endpoints, ...settings } = config;
  return {
    at: new Date().toISOString(),
    label: config.label,
    config: settings,
    ...partial,
    maxSearch,
    runs,
    headline: {
      ...h,
      run: best?.name ?? null,
      ratioToKafkaConsume: ratio(best?.eventsPerSecond ?? null, partial.ceilings.kafka?.consumePerSecond ?? null),
      eventsPerSaga: ratio(best?.eventsPerSecond ?? null, sagas),
    },
    targets: checkTargets(runs, partial.idleMemoryMb),
    ok: runs.length > 0 && runs.every((r) => r.invariants.every((i) => i.ok)),
  };
}

function write(result: BenchResult): void {
  const dir = path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(path.join(dir, `${result.at.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(path.join(dir, 'latest.json'), json);
  writeFileSync(path.join(dir, 'latest.md'), formatMarkdown(result));
  const open = result.runs.filter((r) => r.kind === 'open');
  const plotted = open.length > 0 ? open : result.runs;
  const points = plotted.map((r) => ({
    label: r.name,
    x: r.completedSagasPerSecond,
    p50: r.endToEndMs.p50,
    p95: r.endToEndMs.p95,
    p99: r.endToEndMs.p99,
  }));
  const m = result.machine;
  writeFileSync(
    path.join(dir, 'latest.svg'),
    renderPlot(
      points,
      'Order saga latency vs throughput',
      `${result.at.slice(0, 16)}Z · ${m.cpuModel} · ${m.cores} cores · ${m.memoryGb} GB · carrier step ${result.simulators.carrierStepMs ?? '?'} ms`,
    ),
  );
  log(`written bench/results/${result.at.replace(/[:.]/g, '-')}.json, latest.json, latest.md, latest.svg`);
}

async function main(): Promise<number> {
  const config = loadBenchConfig(process.argv.slice(2), process.env);
  if (config === 'help') {
    console.log(USAGE);
    return 0;
  }
  const machine = describeMachine();
  log(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, load ${machine.loadAverage.join(' ')}`,
  );
  const simulators = await makeSimulatorsInstant(ROOT, config.endpoints);
  simulators.problems.forEach((p) => log(`note: ${p}`));
  if (config.requireInstant && simulators.carrierStepMs !== 0) {
    await simulators.restore();
    log('--require-instant: stopping');
    return 1;
  }
  const client = new pg.Pool({ ...config.endpoints.pg, max: 4 });
  const watch = new TerminalWatch(config.endpoints.brokers, config.endpoints.topic, config.endpoints.registryUrl);
  try {
    const ceilingResults = await ceilings(config);
    log('idle commit rate of the kot database (5 s, nothing placed)');
    const idleCommitsPerSecond = await idleCommitRate(client, config.endpoints.pg.database, 5000);
    const idleMemoryMb = await memoryNow(ROOT);
    await watch.start();
    const { runs, maxSearch } = await runAll(
      {
        root: ROOT,
        endpoints: config.endpoints,
        watch,
        pg: client,
        drainMs: config.drainS * 1000,
        idleCommitsPerSecond,
      },
      config,
    );
    const result = assemble(
      config,
      {
        machine,
        simulators: {
          carrierStepMs: simulators.carrierStepMs,
          orderRateLimit: simulators.orderRateLimit,
          problems: simulators.problems,
        },
        ceilings: ceilingResults,
        idleCommitsPerSecond,
        idleMemoryMb,
      },
      runs,
      maxSearch,
    );
    console.log(`\n${formatRuns(runs)}\n\n${formatProcesses(runs)}\n\n${formatSummary(result)}\n`);
    write(result);
    return result.ok ? 0 : 1;
  } finally {
    await simulators.restore();
    await watch.stop().catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
