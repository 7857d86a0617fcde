import { niceTicks, renderPlot } from './svg';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten and reaches the maximum', () => {
    expect(niceTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(47)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(0.9)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('renderPlot', () => {
  const points = [
    { label: 'open 200/s', x: 198, p50: 80, p95: 200, p99: 420 },
    { label: 'open 50/s', x: 50, p50: 40, p95: 90, p99: 150 },
  ];
  const svg = renderPlot(points, 'Saga latency', 'machine <2 cores> & 4 GB');

  it('is one SVG document with axis labels, a legend entry per percentile and an escaped subtitle', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('completed sagas per second');
    expect(svg).toContain('end-to-end latency, ms');
    for (const key of ['p50', 'p95', 'p99']) expect(svg).toContain(`>${key}</text>`);
    expect(svg).toContain('machine &lt;2 cores&gt; &amp; 4 GB');
    expect(svg).toContain('open 50/s: 50/s');
  });

  it('draws a point per run and percentile, and each line left to right', () => {
    expect(svg.match(/<circle /g)).toHaveLength(6);
    const lines = [...svg.matchAll(/<polyline [^>]*points="([^"]+)"/g)].map((m) =>
      (m[1] as string).split(' ').map((pt) => Number(pt.split(',')[0])),
    );
    expect(lines).toHaveLength(3);
    for (const xs of lines) expect(xs[0]).toBeLessThan(xs[1] as number);
  });

  it('switches the latency axis to seconds when latencies exceed ten seconds', () => {
    const slow = renderPlot([{ label: 'open 50/s', x: 3, p50: 12_000, p95: 30_000, p99: 41_000 }], 't', 's');
    expect(slow).toContain('end-to-end latency, s (POST');
    expect(slow).toContain('>50</text>');
    expect(svg).toContain('end-to-end latency, ms (POST');
  });

  it('still renders with no points', () => {
    expect(renderPlot([], 't', 's')).toContain('</svg>');
  });
});
