// Maximum sustained throughput: closed loop, concurrency multiplied by a factor each step, until
// completed sagas/s stops rising (less than 5 % over the best so far) or the step budget is spent.
// A closed loop cannot overload the system, so the best step is a rate it actually sustained.
import type { RunResult } from './results';

export const SEARCH_METHOD = 'closed loop, concurrency × factor per step until completed sagas/s rises < 5 %';
const MIN_GAIN = 1.05;

export function nextConcurrency(current: number, factor: number): number {
  return Math.max(current + 1, Math.round(current * factor));
}

/** True while the last step still raised throughput by at least 5 % over every earlier step. */
export function stillRising(sagasPerSecond: number[]): boolean {
  if (sagasPerSecond.length < 2) return true;
  const last = sagasPerSecond[sagasPerSecond.length - 1] as number;
  const bestBefore = Math.max(...sagasPerSecond.slice(0, -1));
  return last >= bestBefore * MIN_GAIN;
}

export function bestRun(runs: RunResult[]): RunResult | null {
  return runs.reduce<RunResult | null>(
    (best, run) => (best === null || run.completedSagasPerSecond > best.completedSagasPerSecond ? run : best),
    null,
  );
}

export async function searchMax(
  measure: (concurrency: number) => Promise<RunResult>,
  start: number,
  factor: number,
  maxSteps: number,
): Promise<RunResult[]> {
  const runs: RunResult[] = [];
  let concurrency = start;
  for (let step = 0; step < maxSteps; step += 1) {
    const run = await measure(concurrency);
    runs.push(run);
    if (!stillRising(runs.map((r) => r.completedSagasPerSecond)) || run.unfinished > 0) break;
    concurrency = nextConcurrency(concurrency, factor);
  }
  return runs;
}
