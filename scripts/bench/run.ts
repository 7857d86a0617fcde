// One measured run: load (closed or open loop), then drain until this run's sagas ended, with the
// process sampler, the topic watcher and the Postgres counters around it; then the invariants
// over this run's orders.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Endpoints } from './config';
import { checkInvariants, type InvariantResult } from './invariants';
import { closedLoop, openLoop, type LoadResult } from './load';
import { OrderRecorder } from './orders-client';
import { pgWork, readPgCounters } from './pg-stats';
import { ProcessSampler } from './processes';
import type { RunResult } from './results';
import { perSecond, summarize } from './stats';
import type { TerminalWatch } from './terminal-watch';
import { runWarnings } from './verdicts';

export interface RunContext {
  root: string;
  endpoints: Endpoints;
  watch: TerminalWatch;
  pg: pg.Pool;
  drainMs: number;
  idleCommitsPerSecond: number;
}
/** The load lasts warmupMs + durationMs; only the last durationMs is measured (sagas/s, latencies). */
export interface RunSpec {
  name: string;
  kind: 'closed' | 'open';
  concurrency?: number;
  rate?: number;
  warmupMs: number;
  durationMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const SAGA_TIMEOUT_MS = 60_000;

export async function measureRun(ctx: RunContext, spec: RunSpec): Promise<RunResult> {
  const recorder = new OrderRecorder(ctx.endpoints.orderUrls, randomUUID().slice(0, 8));
  const sampler = new ProcessSampler(ctx.root);
  const pgBefore = await readPgCounters(ctx.pg, ctx.endpoints.pg.database);
  const eventsBefore = ctx.watch.eventsSeen;
  await sampler.start();
  const t0 = Date.now();
  const place = (i: number) => recorder.place(i);
  const loadMs = spec.warmupMs + spec.durationMs;
  let eventsAtWindow = eventsBefore;
  const windowTimer = setTimeout(() => {
    eventsAtWindow = ctx.watch.eventsSeen;
  }, spec.warmupMs);
  const load: LoadResult =
    spec.kind === 'closed'
      ? await closedLoop(
          spec.concurrency ?? 1,
          loadMs,
          place,
          (id, ms) => ctx.watch.awaitTerminal(id, ms),
          SAGA_TIMEOUT_MS,
        )
      : await openLoop(spec.rate ?? 1, loadMs, place);
  clearTimeout(windowTimer);
  const loadEnd = t0 + load.elapsedMs;
  const events = ctx.watch.eventsSeen - eventsAtWindow;
  const orderIds = [...recorder.placedAt.keys()];
  await drain(ctx.watch, orderIds, ctx.drainMs);
  const processes = await sampler.stop();
  await sleep(1500); // backends flush their statistics about once a second
  const pgAfter = await readPgCounters(ctx.pg, ctx.endpoints.pg.database);
  const postgres = pgWork(
    pgBefore,
    pgAfter,
    countFinished(ctx.watch, orderIds),
    ctx.idleCommitsPerSecond,
    (Date.now() - t0) / 1000,
  );
  const invariants = await invariantsSettled(ctx, orderIds);
  return summarizeRun(ctx.watch, spec, recorder, {
    windowStart: t0 + spec.warmupMs,
    loadEnd,
    load,
    events,
    processes,
    postgres,
    invariants,
  });
}

async function drain(watch: TerminalWatch, orderIds: string[], drainMs: number): Promise<void> {
  const until = Date.now() + drainMs;
  for (const id of orderIds) await watch.awaitTerminal(id, Math.max(0, until - Date.now()));
}

function countFinished(watch: TerminalWatch, orderIds: string[]): number {
  return orderIds.filter((id) => watch.finished.has(id)).length;
}

/** Read models follow the terminal event by a moment: repeat the checks for up to 30 s until they hold. */
async function invariantsSettled(ctx: RunContext, orderIds: string[]): Promise<InvariantResult[]> {
  const until = Date.now() + 30_000;
  for (;;) {
    let results: InvariantResult[];
    try {
      results = await checkInvariants(ctx.pg, ctx.endpoints, orderIds);
    } catch (error) {
      results = [{ name: 'invariant check', ok: false, detail: `could not run: ${(error as Error).message}` }];
    }
    if (results.every((r) => r.ok) || Date.now() > until) return results;
    await sleep(1000);
  }
}

interface Measured {
  windowStart: number;
  loadEnd: number;
  load: LoadResult;
  events: number;
  processes: RunResult['processes'];
  postgres: RunResult['postgres'];
  invariants: InvariantResult[];
}

function summarizeRun(watch: TerminalWatch, spec: RunSpec, recorder: OrderRecorder, m: Measured): RunResult {
  const e2e: number[] = [];
  const cancelReasons: Record<string, number> = {};
  let delivered = 0;
  let inWindow = 0;
  for (const [id, placedAt] of recorder.placedAt) {
    const end = watch.finished.get(id);
    if (!end) continue;
    if (placedAt >= m.windowStart) e2e.push(end.at - placedAt);
    if (end.at >= m.windowStart && end.at <= m.loadEnd) inWindow += 1;
    if (end.type === 'OrderDelivered') delivered += 1;
    else cancelReasons[end.reason ?? 'unknown'] = (cancelReasons[end.reason ?? 'unknown'] ?? 0) + 1;
  }
  const placed = recorder.placedAt.size;
  const windowMs = m.loadEnd - m.windowStart;
  const completed = [...recorder.placedAt.keys()].filter((id) => watch.finished.has(id)).length;
  const result: RunResult = {
    name: spec.name,
    kind: spec.kind,
    concurrency: spec.concurrency,
    targetRate: spec.rate,
    warmupSeconds: spec.warmupMs / 1000,
    measuredSeconds: Math.round(windowMs / 100) / 10,
    placed,
    postStatuses: recorder.statusCounts(),
    offeredPerSecond: perSecond(recorder.posts.filter((p) => p.at >= m.windowStart).length, windowMs),
    completed,
    delivered,
    cancelled: completed - delivered,
    cancelReasons,
    unfinished: placed - completed,
    completedSagasPerSecond: perSecond(inWindow, windowMs),
    eventsPerSecond: perSecond(m.events, windowMs),
    endToEndMs: summarize(e2e),
    postMs: summarize(recorder.posts.filter((p) => p.at >= m.windowStart).map((p) => p.ms)),
    schedule: m.load.schedule,
    processes: m.processes,
    postgres: m.postgres,
    invariants: m.invariants,
    warnings: [],
  };
  result.warnings = runWarnings(
    result,
    [...recorder.placedAt.keys()].filter((id) => watch.repeatedTerminal.has(id)).length,
  );
  return result;
}
