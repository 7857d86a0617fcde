import { memoryLogger } from '../testing/support';
import { Retrying } from './retrying';

describe('Retrying', () => {
  it('retries a failing start-up step with a growing, capped delay until it succeeds', async () => {
    const { logger, lines } = memoryLogger();
    let calls = 0;
    const retrying = new Retrying(
      async () => {
        calls += 1;
        if (calls < 4) throw new Error('database unreachable');
      },
      logger,
      { initialMs: 1, maxMs: 4 },
    );
    expect(await retrying.run()).toBe(true);
    expect(calls).toBe(4);
    const delays = lines.filter((l) => l.msg === 'start-up failed; retrying').map((l) => l.retryInMs);
    expect(delays).toEqual([1, 2, 4]);
  });

  it('stop() ends a pending wait at once and run() reports that it never started', async () => {
    const { logger } = memoryLogger();
    const retrying = new Retrying(() => Promise.reject(new Error('down')), logger, {
      initialMs: 60_000,
      maxMs: 60_000,
    });
    const outcome = retrying.run();
    await new Promise((resolve) => setTimeout(resolve, 10));
    retrying.stop();
    expect(await outcome).toBe(false);
  });
});
