// Judging a result: warnings for what makes a run's figures mean something other than they seem,
// and the performance targets compared with the figures (printed and stored, never
// asserted: they depend on the machine; `met` is null when the bench did not measure the figure).
import { isServiceInstance } from './process-groups';
import type { RunResult } from './results';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

const at200 = (runs: RunResult[]) => runs.find((r) => r.kind === 'open' && r.targetRate === 200);

/** The memory targets hold for every instance on its own: a second instance is a second 180 MB process. */
export function checkTargets(runs: RunResult[], idleMemoryMb: Record<string, number> = {}): TargetCheck[] {
  const sustained = runs.filter((r) => r.measuredSeconds >= 60);
  const best = sustained.reduce((max, r) => Math.max(max, r.completedSagasPerSecond), 0);
  const run200 = at200(runs);
  const services = new Map<string, number>();
  for (const run of runs) {
    for (const p of run.processes)
      if (isServiceInstance(p.name)) services.set(p.name, Math.max(services.get(p.name) ?? 0, p.peakMemoryMb));
  }
  const heaviest = [...services].sort(([, a], [, b]) => b - a)[0];
  const idleHeaviest = Object.entries(idleMemoryMb)
    .filter(([name]) => isServiceInstance(name))
    .sort(([, a], [, b]) => b - a)[0];
  const within = (value: number | null | undefined, limit: number) =>
    value === null || value === undefined ? null : value <= limit;
  return [
    {
      target: '≥ 1,000 sagas/s sustained for 60 s',
      measured: sustained.length ? `${best}/s` : 'no run of 60 s',
      met: sustained.length ? best >= 1000 : null,
    },
    {
      target: 'p99 end-to-end ≤ 500 ms at 200/s',
      measured: run200 ? `${run200.endToEndMs.p99 ?? '–'} ms` : 'not run',
      met: within(run200?.endToEndMs.p99, 500),
    },
    {
      target: 'p99 POST ≤ 50 ms at 200/s',
      measured: run200 ? `${run200.postMs.p99 ?? '–'} ms` : 'not run',
      met: within(run200?.postMs.p99, 50),
    },
    {
      target: 'each service RSS ≤ 180 MB at peak',
      measured: heaviest ? `max ${heaviest[1]} MB (${heaviest[0]})` : 'not measured',
      met: heaviest ? heaviest[1] <= 180 : null,
    },
    {
      target: 'each service RSS ≤ 150 MB idle',
      measured: idleHeaviest ? `max ${idleHeaviest[1]} MB (${idleHeaviest[0]})` : 'not measured',
      met: idleHeaviest ? idleHeaviest[1] <= 150 : null,
    },
  ];
}

export function formatTargets(checks: TargetCheck[]): string {
  const mark = (met: boolean | null) => (met === null ? 'n/a ' : met ? 'met ' : 'MISS');
  return checks.map((c) => `target ${mark(c.met)} ${c.target}: ${c.measured}`).join('\n');
}

export function runWarnings(run: RunResult, repeatedTerminal: number): string[] {
  const warnings: string[] = [];
  const limited = run.postStatuses['429'] ?? 0;
  if (limited > 0)
    warnings.push(
      `${limited} POSTs answered 429: the order service's rate limit throttled the bench (start it with ORDER_RATE_LIMIT_PER_SECOND=0)`,
    );
  const failed = Object.entries(run.postStatuses)
    .filter(([s]) => s !== '201' && s !== '429')
    .reduce((n, [, c]) => n + c, 0);
  if (failed > 0) warnings.push(`${failed} POSTs failed (${JSON.stringify(run.postStatuses)})`);
  if (run.unfinished > 0) warnings.push(`${run.unfinished} sagas had not ended when the drain time ran out`);
  if (run.schedule && run.schedule.late > run.schedule.planned * 0.01) {
    warnings.push(
      `the load generator fell behind: ${run.schedule.late}/${run.schedule.planned} sends late (max lag ${run.schedule.maxLagMs} ms), the offered rate was below the target`,
    );
  }
  if (run.schedule && run.schedule.sent < run.schedule.planned)
    warnings.push(`only ${run.schedule.sent}/${run.schedule.planned} sends went out`);
  if (repeatedTerminal > 0)
    warnings.push(
      `${repeatedTerminal} orders' terminal event was seen more than once on the topic (at-least-once redelivery or a duplicate)`,
    );
  const outOfStock = run.cancelReasons.OUT_OF_STOCK ?? 0;
  if (outOfStock > 0)
    warnings.push(
      `${outOfStock} sagas were cancelled for lack of stock; those are short sagas and flatter the throughput (restock PROD-010..019)`,
    );
  return warnings;
}
