// The latency/throughput plot: completed sagas/s on x, end-to-end latency p50/p95/p99 on y, one
// point per fixed-rate run, each percentile a line. Plain SVG written here, no plotting library.

export interface PlotPoint {
  label: string;
  x: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

const W = 720;
const H = 440;
const M = { left: 80, right: 150, top: 50, bottom: 60 };
const SERIES = [
  { key: 'p50', colour: '#1b7837' },
  { key: 'p95', colour: '#e08214' },
  { key: 'p99', colour: '#b2182b' },
] as const;

/** Round-number axis ticks from 0 to at least `max` (1, 2 or 5 times a power of ten apart). */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw) as number;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderPlot(points: PlotPoint[], title: string, subtitle: string): string {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const yMaxMs = Math.max(1, ...sorted.flatMap((p) => [p.p50, p.p95, p.p99].filter((v): v is number => v !== null)));
  // Beyond 10 s, milliseconds make unreadable tick labels: plot seconds instead.
  const unit = yMaxMs > 10_000 ? { name: 's', per: 1000 } : { name: 'ms', per: 1 };
  const xTicks = niceTicks(Math.max(1, ...sorted.map((p) => p.x)));
  const yTicks = niceTicks(yMaxMs / unit.per);
  const xMax = xTicks[xTicks.length - 1] as number;
  const yMax = yTicks[yTicks.length - 1] as number;
  const sx = (x: number) => M.left + (x / xMax) * (W - M.left - M.right);
  const sy = (y: number) => H - M.bottom - (y / yMax) * (H - M.top - M.bottom);
  const syMs = (ms: number) => sy(ms / unit.per);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="${W / 2}" y="39" text-anchor="middle" fill="#555">${esc(subtitle)}</text>`,
    ...xTicks.map(
      (t) =>
        `<line x1="${sx(t)}" y1="${sy(0)}" x2="${sx(t)}" y2="${sy(yMax)}" stroke="#eee"/><text x="${sx(t)}" y="${sy(0) + 16}" text-anchor="middle">${t}</text>`,
    ),
    ...yTicks.map(
      (t) =>
        `<line x1="${sx(0)}" y1="${sy(t)}" x2="${sx(xMax)}" y2="${sy(t)}" stroke="#eee"/><text x="${sx(0) - 6}" y="${sy(t) + 4}" text-anchor="end">${t}</text>`,
    ),
    `<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(xMax)}" y2="${sy(0)}" stroke="black"/><line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(0)}" y2="${sy(yMax)}" stroke="black"/>`,
    `<text x="${(sx(0) + sx(xMax)) / 2}" y="${H - 18}" text-anchor="middle">completed sagas per second (placed → DELIVERED or CANCELLED)</text>`,
    `<text transform="translate(22 ${(sy(0) + sy(yMax)) / 2}) rotate(-90)" text-anchor="middle">end-to-end latency, ${unit.name} (POST → terminal event)</text>`,
  ];
  parts.push(...seriesParts(sorted, sx, syMs));
  sorted.forEach((p, i) =>
    parts.push(
      `<text x="${W - M.right + 20}" y="${M.top + 90 + i * 16}" fill="#555">${esc(`${p.label}: ${p.x}/s`)}</text>`,
    ),
  );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** A line with dots per percentile, left to right, and its legend entry. */
function seriesParts(sorted: PlotPoint[], sx: (x: number) => number, syMs: (ms: number) => number): string[] {
  const parts: string[] = [];
  SERIES.forEach((series, i) => {
    const pts = sorted
      .filter((p) => p[series.key] !== null)
      .map((p) => [sx(p.x), syMs(p[series.key] as number)] as const);
    if (pts.length > 1)
      parts.push(
        `<polyline fill="none" stroke="${series.colour}" stroke-width="2" points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`,
      );
    parts.push(
      ...pts.map(([x, y]) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="${series.colour}"/>`),
    );
    const ly = M.top + 10 + i * 20;
    parts.push(
      `<line x1="${W - M.right + 20}" y1="${ly}" x2="${W - M.right + 45}" y2="${ly}" stroke="${series.colour}" stroke-width="3"/><text x="${W - M.right + 52}" y="${ly + 4}">${series.key}</text>`,
    );
  });
  return parts;
}
