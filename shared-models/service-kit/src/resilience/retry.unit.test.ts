import { ConcurrencyError, ValidationError } from '../errors/errors';
import { backoffDelay, retryWithBackoff } from './retry';

function recorder() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

describe('retryWithBackoff', () => {
  it('retries retriable errors with capped full-jitter delays until success', async () => {
    const { sleeps, sleep } = recorder();
    let attempts = 0;
    const result = await retryWithBackoff(
      async (attempt) => {
        attempts++;
        if (attempt < 4) throw new ConcurrencyError('stale');
        return 'done';
      },
      { retries: 5, baseMs: 100, maxMs: 500, sleep, random: () => 0.5 },
    );
    expect(result).toBe('done');
    expect(attempts).toBe(5);
    // 0.5 * min(500, 100 * 2^n) for n = 0..3
    expect(sleeps).toEqual([50, 100, 200, 250]);
  });

  it('stops at once on a non-retriable error', async () => {
    const { sleeps, sleep } = recorder();
    let attempts = 0;
    const invalid = new ValidationError([{ field: 'sku', message: 'required' }]);
    const outcome = retryWithBackoff(
      async () => {
        attempts++;
        throw invalid;
      },
      { retries: 5, baseMs: 10, maxMs: 100, sleep },
    );
    await expect(outcome).rejects.toBe(invalid);
    expect(attempts).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('rethrows the last error when retries run out, reporting each retry', async () => {
    const { sleep } = recorder();
    const seen: number[] = [];
    let attempts = 0;
    const outcome = retryWithBackoff(
      async () => {
        attempts++;
        throw new Error(`failure ${attempts}`);
      },
      { retries: 2, baseMs: 10, maxMs: 100, sleep, random: () => 0, onRetry: ({ attempt }) => seen.push(attempt) },
    );
    await expect(outcome).rejects.toThrow('failure 3');
    expect(seen).toEqual([1, 2]);
  });

  it('honours a custom isRetriable', async () => {
    const { sleep } = recorder();
    let attempts = 0;
    const outcome = retryWithBackoff(
      async () => {
        attempts++;
        throw new Error('fatal');
      },
      { retries: 3, baseMs: 1, maxMs: 1, sleep, isRetriable: () => false },
    );
    await expect(outcome).rejects.toThrow('fatal');
    expect(attempts).toBe(1);
  });
});

describe('backoffDelay', () => {
  it('stays within [0, min(maxMs, baseMs * 2^attempt))', () => {
    expect(backoffDelay(0, 100, 1000, () => 0)).toBe(0);
    expect(backoffDelay(3, 100, 1000, () => 0.999)).toBe(799);
    expect(backoffDelay(10, 100, 1000, () => 0.999)).toBe(999);
  });
});
