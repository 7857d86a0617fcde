import { PeriodicWorker } from './periodic-worker';
import { createLogger } from '../logging';

const logger = createLogger({ service: 'test', level: 'silent' });
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Polls instead of sleeping a fixed time, so a loaded machine's late timers cannot fail the test. */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await settle(5);
}

/** Counts its runs; each run can be held open until the test releases it. */
class CountingWorker extends PeriodicWorker {
  runs = 0;
  hold: Promise<void> | null = null;
  constructor(intervalMs: number) {
    super({ name: 'counting', intervalMs, logger });
  }
  async tick(): Promise<void> {
    this.runs += 1;
    await this.hold;
  }
}

describe('PeriodicWorker', () => {
  it('runs on its interval without a nudge', async () => {
    const worker = new CountingWorker(20);
    worker.start();
    await until(() => worker.runs >= 2);
    await worker.stop();
    expect(worker.runs).toBeGreaterThanOrEqual(2);
  });

  it('runs at once when nudged instead of waiting for the interval', async () => {
    const worker = new CountingWorker(60_000);
    worker.start();
    worker.nudge();
    await until(() => worker.runs >= 1);
    await settle(20);
    await worker.stop();
    // The interval is a minute: only the nudge can have caused this run.
    expect(worker.runs).toBe(1);
  });

  it('a nudge during a run asks for exactly one more run right after it', async () => {
    const worker = new CountingWorker(60_000);
    let release!: () => void;
    worker.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    worker.start();
    worker.nudge();
    await until(() => worker.runs === 1);
    worker.nudge();
    worker.nudge();
    worker.hold = null;
    release();
    await until(() => worker.runs >= 2);
    await settle(20);
    await worker.stop();
    expect(worker.runs).toBe(2);
  });

  it('ignores nudges once stopped', async () => {
    const worker = new CountingWorker(60_000);
    worker.start();
    await worker.stop();
    worker.nudge();
    await settle(20);
    expect(worker.runs).toBe(0);
  });
});
