import { EventEmitter } from 'node:events';
import type { Pool, PoolClient } from 'pg';
import { advisoryPassLock, exclusivePass, housekeepingLockKey, type PassLock } from './pass-lock';

/** One lock shared by several "instances" in memory: the try-lock semantics the pass relies on. */
function memoryLock(): PassLock<string> & { held: boolean; releases: number } {
  const lock = {
    held: false,
    releases: 0,
    tryAcquire() {
      if (lock.held) return Promise.resolve(null);
      lock.held = true;
      return Promise.resolve('session');
    },
    release() {
      lock.held = false;
      lock.releases += 1;
      return Promise.resolve();
    },
  };
  return lock;
}

describe('one housekeeping pass at a time (exclusivePass)', () => {
  it('runs the pass when the lock is free, on the session that holds it, and lets the lock go after', async () => {
    const lock = memoryLock();
    const seen: string[] = [];
    const result = await exclusivePass(lock, async (session) => {
      seen.push(session);
      expect(lock.held).toBe(true);
      return 7;
    });
    expect([result, seen, lock.held, lock.releases]).toEqual([7, ['session'], false, 1]);
  });

  it('skips the pass, without waiting, while another instance holds the lock', async () => {
    const lock = memoryLock();
    let finishFirst: () => void = () => undefined;
    const work = jest.fn(() => Promise.resolve('second'));
    const first = exclusivePass(lock, () => new Promise<string>((resolve) => (finishFirst = () => resolve('first'))));
    await Promise.resolve(); // the first pass has taken the lock and is working
    expect(await exclusivePass(lock, work)).toBeNull();
    expect(work).not.toHaveBeenCalled();
    finishFirst();
    expect(await first).toBe('first');
    expect(await exclusivePass(lock, work)).toBe('second'); // free again once the first pass ended
  });

  it('lets the lock go when the pass fails, so the next round is not skipped forever', async () => {
    const lock = memoryLock();
    await expect(exclusivePass(lock, () => Promise.reject(new Error('connection lost')))).rejects.toThrow(
      'connection lost',
    );
    expect(lock.held).toBe(false);
    expect(await exclusivePass(lock, () => Promise.resolve('next'))).toBe('next');
  });

  it('keys the lock by schema, so the services sharing one database do not exclude each other', () => {
    expect(housekeepingLockKey('order_service')).not.toBe(housekeepingLockKey('inventory_service'));
    expect(housekeepingLockKey('order_service')).toBe(housekeepingLockKey('order_service'));
  });

  it('survives the connection dropping mid-pass and gives that connection back as broken', async () => {
    // A checked-out pg client emits 'error' when Postgres goes away between two statements; with no
    // listener, EventEmitter throws it and the process dies.
    const client = Object.assign(new EventEmitter(), {
      query: jest.fn(() => Promise.resolve({ rows: [{ locked: true }] })),
      release: jest.fn(),
    });
    const pool = { connect: () => Promise.resolve(client) } as unknown as Pool;
    const lost = new Error('Connection terminated unexpectedly');
    const result = await exclusivePass(advisoryPassLock(pool, 'housekeeping:x'), (session: PoolClient) => {
      session.emit('error', lost);
      return Promise.resolve('purged');
    });
    expect(result).toBe('purged');
    expect(client.release).toHaveBeenCalledWith(lost);
    expect(client.listenerCount('error')).toBe(0);
  });
});
