// Latency summaries and the small ratio arithmetic of the report, kept pure so they are unit-tested.

/** Percentile by nearest rank over a copy of the samples (milliseconds in, milliseconds out). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** One decimal; NaN (no samples) becomes null so the JSON stays valid. */
export function round1(n: number): number | null {
  return Number.isFinite(n) ? Math.round(n * 10) / 10 : null;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const max = samples.reduce((m, s) => (s > m ? s : m), Number.NEGATIVE_INFINITY);
  return {
    count: samples.length,
    p50: round1(percentile(samples, 50)),
    p95: round1(percentile(samples, 95)),
    p99: round1(percentile(samples, 99)),
    max: samples.length ? round1(max) : null,
  };
}

/** `numerator / denominator`, or null when either is missing or the denominator is not positive. */
export function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || !Number.isFinite(numerator) || !(denominator > 0)) return null;
  return Math.round((numerator / denominator) * 1000) / 1000;
}

export interface Headline {
  sagasPerSecond: number;
  commitsPerSaga: number | null;
  pgCommitsPerSecond: number | null;
  /** Sagas/s the database could carry if commits were the only limit: commits/s ÷ commits per saga. */
  pgSagaCeiling: number | null;
  /** sagasPerSecond ÷ pgSagaCeiling: 1 means the saga rate is what Postgres commits allow. */
  ratioToPgCeiling: number | null;
}

export function headline(
  sagasPerSecond: number,
  commitsPerSaga: number | null,
  pgCommitsPerSecond: number | null,
): Headline {
  const ceiling =
    commitsPerSaga !== null && commitsPerSaga > 0 && pgCommitsPerSecond !== null
      ? pgCommitsPerSecond / commitsPerSaga
      : null;
  return {
    sagasPerSecond,
    commitsPerSaga,
    pgCommitsPerSecond,
    pgSagaCeiling: ceiling === null ? null : Math.round(ceiling * 10) / 10,
    ratioToPgCeiling: ratio(sagasPerSecond, ceiling),
  };
}

/** Count per elapsed second, one decimal. */
export function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? Math.round((count / (elapsedMs / 1000)) * 10) / 10 : 0;
}
