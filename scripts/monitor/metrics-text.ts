// Reading the Prometheus text format that every service serves on /metrics: just enough of it for the
// monitor (samples by name and labels, and a quantile estimated from a histogram's cumulative buckets).

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Every sample in the text, grouped by metric name; comments and malformed lines are skipped. */
export function parseMetrics(text: string): Map<string, Sample[]> {
  const byName = new Map<string, Sample[]>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = LINE.exec(line.trim());
    if (!match) continue;
    const [, name = '', labelText = '', valueText = ''] = match;
    const labels = Object.fromEntries(
      [...labelText.matchAll(LABEL)].map((l) => [l[1] ?? '', (l[2] ?? '').replace(/\\(.)/g, '$1')]),
    );
    const list = byName.get(name) ?? [];
    list.push({ labels, value: parseValue(valueText) });
    byName.set(name, list);
  }
  return byName;
}

export function samplesOf(metrics: Map<string, Sample[]>, name: string): Sample[] {
  return metrics.get(name) ?? [];
}

/** The sum of every series of a metric (e.g. lag over all partitions), or undefined if it is absent. */
export function total(metrics: Map<string, Sample[]>, name: string): number | undefined {
  const samples = samplesOf(metrics, name);
  return samples.length === 0 ? undefined : samples.reduce((sum, s) => sum + s.value, 0);
}

/**
 * The q-quantile of a histogram summed over all its label sets, interpolated linearly inside the
 * bucket it falls in (as Prometheus' histogram_quantile does). Undefined when nothing was observed.
 */
export function histogramQuantile(metrics: Map<string, Sample[]>, name: string, q: number): number | undefined {
  const cumulative = new Map<number, number>();
  for (const { labels, value } of samplesOf(metrics, `${name}_bucket`)) {
    const le = parseValue(labels.le ?? '');
    if (Number.isNaN(le)) continue;
    cumulative.set(le, (cumulative.get(le) ?? 0) + value);
  }
  const buckets = [...cumulative.entries()].sort((a, b) => a[0] - b[0]);
  const count = buckets.at(-1)?.[1] ?? 0;
  if (count === 0) return undefined;
  const rank = q * count;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, cum] of buckets) {
    if (cum >= rank) {
      // Beyond the last finite bucket nothing better than its bound is known.
      if (bound === Infinity) return lowerBound;
      return lowerBound + (bound - lowerBound) * ((rank - lowerCount) / Math.max(cum - lowerCount, 1e-9));
    }
    lowerBound = bound;
    lowerCount = cum;
  }
  return lowerBound;
}
