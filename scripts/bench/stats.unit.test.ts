import { headline, percentile, perSecond, ratio, summarize } from './stats';

describe('percentile and summarize', () => {
  it('takes the nearest rank, whatever the order of the samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('summarizes to one decimal and gives nulls, not NaN, for no samples', () => {
    expect(summarize([1.234, 2.345, 10.06])).toEqual({ count: 3, p50: 2.3, p95: 10.1, p99: 10.1, max: 10.1 });
    expect(summarize([])).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
    expect(JSON.parse(JSON.stringify(summarize([])))).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
  });
});

describe('ratio maths', () => {
  it('divides known positive figures and refuses the rest', () => {
    expect(ratio(50, 200)).toBe(0.25);
    expect(ratio(1, 3)).toBe(0.333);
    expect(ratio(null, 3)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(3, null)).toBeNull();
  });

  it('compares sagas/s with the saga rate Postgres commits allow', () => {
    // 2,000 commits/s at 20 commits per saga carry 100 sagas/s; 40 sagas/s is 0.4 of that.
    expect(headline(40, 20, 2000)).toEqual({
      sagasPerSecond: 40,
      commitsPerSaga: 20,
      pgCommitsPerSecond: 2000,
      pgSagaCeiling: 100,
      ratioToPgCeiling: 0.4,
    });
    expect(headline(40, null, 2000).ratioToPgCeiling).toBeNull();
    expect(headline(40, 0, 2000).pgSagaCeiling).toBeNull();
    expect(headline(40, 20, null).pgSagaCeiling).toBeNull();
  });

  it('turns a count over elapsed milliseconds into a rate per second', () => {
    expect(perSecond(150, 10_000)).toBe(15);
    expect(perSecond(1, 3_000)).toBe(0.3);
    expect(perSecond(5, 0)).toBe(0);
  });
});
