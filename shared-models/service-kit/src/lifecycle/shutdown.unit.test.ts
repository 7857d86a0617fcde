import { EventEmitter } from 'node:events';
import { memoryLogger } from '../testing/support';
import { installShutdown, type ShutdownStep } from './shutdown';

function setup(steps: ShutdownStep[], timeoutMs = 1000) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  let exited: () => void = () => undefined;
  const exitCalled = new Promise<void>((resolve) => (exited = resolve));
  const { logger, lines } = memoryLogger();
  const handle = installShutdown({
    logger,
    steps,
    timeoutMs,
    signalSource: signals,
    exit: (code) => {
      exits.push(code);
      exited();
    },
  });
  return { signals, exits, exitCalled, lines, handle };
}

describe('installShutdown', () => {
  it('runs the steps in order on SIGTERM, then exits 0', async () => {
    const order: string[] = [];
    const step = (name: string): ShutdownStep => ({
      name,
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(name);
      },
    });
    const { signals, exits, exitCalled, handle } = setup([
      step('http'),
      step('consumers'),
      step('outbox'),
      step('pool'),
    ]);
    signals.emit('SIGTERM');
    await exitCalled;
    expect(order).toEqual(['http', 'consumers', 'outbox', 'pool']);
    expect(exits).toEqual([0]);
    handle.dispose();
  });

  it('keeps going after a failing step but exits 1', async () => {
    const order: string[] = [];
    const { signals, exits, exitCalled, lines, handle } = setup([
      {
        name: 'consumers',
        run: () => {
          throw new Error('disconnect failed');
        },
      },
      { name: 'pool', run: () => void order.push('pool') },
    ]);
    signals.emit('SIGINT');
    await exitCalled;
    expect(order).toEqual(['pool']);
    expect(exits).toEqual([1]);
    expect(lines.some((l) => l.msg === 'shutdown step failed' && l.step === 'consumers')).toBe(true);
    handle.dispose();
  });

  it('exits 1 when the steps run out of time, skipping the rest', async () => {
    const order: string[] = [];
    const { signals, exits, exitCalled, handle } = setup(
      [
        { name: 'hangs', run: () => new Promise<void>(() => undefined) },
        { name: 'never', run: () => void order.push('never') },
      ],
      50,
    );
    signals.emit('SIGTERM');
    await exitCalled;
    expect(exits).toEqual([1]);
    expect(order).toEqual([]);
    handle.dispose();
  });

  it('forces exit(1) at once on a second signal', async () => {
    let release: () => void = () => undefined;
    const { signals, exits, handle } = setup([
      { name: 'slow', run: () => new Promise<void>((resolve) => (release = resolve)) },
    ]);
    signals.emit('SIGTERM');
    signals.emit('SIGTERM');
    expect(exits).toEqual([1]);
    release();
    handle.dispose();
  });

  it('can be triggered programmatically once; dispose removes the listeners', async () => {
    const runs: number[] = [];
    const { signals, exits, handle } = setup([{ name: 'count', run: () => void runs.push(1) }]);
    await Promise.all([handle.shutdown('fatal consumer error'), handle.shutdown('again')]);
    expect(runs).toEqual([1]);
    expect(exits).toEqual([0]);
    handle.dispose();
    expect(signals.listenerCount('SIGTERM')).toBe(0);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});
