import type { Logger } from './logger';
import { StartLoop } from './start-loop';

function recordingLogger(): { logger: Logger; warnings: Array<Record<string, unknown>> } {
  const warnings: Array<Record<string, unknown>> = [];
  const ignore = (): void => undefined;
  return {
    warnings,
    logger: {
      debug: ignore,
      info: ignore,
      error: ignore,
      warn: (fields: object) => void warnings.push(fields as Record<string, unknown>),
    } as unknown as Logger,
  };
}

describe('StartLoop', () => {
  it('is not ready while attempts fail, names the last error, and becomes ready after a success', async () => {
    const { logger, warnings } = recordingLogger();
    let calls = 0;
    const loop = new StartLoop({
      logger,
      initialDelayMs: 1,
      maxDelayMs: 2,
      undo: async () => undefined,
      attempt: async () => {
        calls += 1;
        if (calls < 3) throw new Error('broker unreachable');
      },
    });
    expect(() => loop.check()).toThrow('messaging idle');
    await loop.start();
    expect(calls).toBe(3);
    expect(warnings.map((w) => w.retryInMs)).toEqual([1, 2]);
    expect(() => loop.check()).not.toThrow();
  });

  it('starts again after restart() (a consumer kafkajs gave up on) and reports the cause meanwhile', async () => {
    const { logger } = recordingLogger();
    let calls = 0;
    let release: () => void = () => undefined;
    const loop = new StartLoop({
      logger,
      undo: async () => undefined,
      attempt: () => (++calls === 1 ? Promise.resolve() : new Promise<void>((r) => (release = r))),
    });
    await loop.start();
    loop.restart(new Error('consumer crashed'));
    expect(() => loop.check()).toThrow('messaging starting: consumer crashed');
    release();
    await loop.start();
    expect(calls).toBe(2);
    expect(() => loop.check()).not.toThrow();
  });

  it('stop() during an attempt undoes that attempt when it completes, and stops retrying', async () => {
    const { logger } = recordingLogger();
    let release: () => void = () => undefined;
    const undone: string[] = [];
    const loop = new StartLoop({
      logger,
      undo: async () => void undone.push('undo'),
      attempt: () => new Promise<void>((r) => (release = r)),
    });
    const started = loop.start();
    loop.stop();
    release();
    await started;
    expect(undone).toEqual(['undo']);
    expect(() => loop.check()).toThrow('messaging stopped');
  });
});
