import type { Pool, PoolClient } from 'pg';

/**
 * A lock that one pass of background work holds from start to end, taken only when it is free: every
 * instance of a service runs the same worker on the same schema, and one pass at a time is enough.
 */
export interface PassLock<Session> {
  /** The session the pass runs on, holding the lock; null when another instance holds it. */
  tryAcquire(): Promise<Session | null>;
  /** Lets the lock go (also after a failed pass); never throws. */
  release(session: Session): Promise<void>;
}

/**
 * Runs `work` under the lock, or not at all: null when another instance is in the middle of a pass.
 * Nobody waits for the lock, because the holder is already doing the very same work.
 */
export async function exclusivePass<Session, T>(
  lock: PassLock<Session>,
  work: (session: Session) => Promise<T>,
): Promise<T | null> {
  const session = await lock.tryAcquire();
  if (session === null) return null;
  try {
    return await work(session);
  } finally {
    await lock.release(session);
  }
}

/** The advisory lock key of a schema's housekeeping (one per schema, so services do not exclude each other). */
export const housekeepingLockKey = (schema: string): string => `housekeeping:${schema}`;

/**
 * A session-level pg_try_advisory_lock on a pool connection that the pass keeps until its end: the
 * purge is many short statements, so a transaction-scoped lock would either hold row locks for the
 * whole pass or end after the first statement. The lock is released before the connection goes back
 * to the pool (a pooled connection must not keep it); if that fails, the connection is destroyed,
 * and its session's locks end with it.
 */
export function advisoryPassLock(pool: Pool, key: string): PassLock<PoolClient> {
  return {
    async tryAcquire() {
      const client = await pool.connect();
      try {
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
          [key],
        );
        if (rows[0]?.locked === true) return client;
        client.release();
        return null;
      } catch (error) {
        client.release(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    },
    async release(client) {
      try {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
        client.release();
      } catch (error) {
        client.release(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
