/** Percentiles by nearest rank over a copy of the samples (milliseconds in, milliseconds out). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export interface LatencySummary { count: number; p50: number; p95: number; p99: number; max: number }

export function summarize(samples: readonly number[]): LatencySummary {
  const round = (n: number) => Math.round(n * 10) / 10;
  return { count: samples.length, p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), p99: round(percentile(samples, 99)), max: round(samples.length ? Math.max(...samples) : Number.NaN) };
}
