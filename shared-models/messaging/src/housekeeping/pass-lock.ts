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
 *
 * While the connection is out of the pool it listens for 'error': pg emits it on a checked-out client
 * whose connection drops between two statements, and unheard it kills the process (a fault run's
 * Postgres restart took a notification instance down that way). A connection that erred is destroyed.
 */
export function advisoryPassLock(pool: Pool, key: string): PassLock<PoolClient> {
  const failures = new WeakMap<PoolClient, Error>();
  const hold = (client: PoolClient) => {
    const onError = (error: Error) => {
      if (!failures.has(client)) failures.set(client, error);
    };
    client.on('error', onError);
    return (error?: Error) => {
      client.off('error', onError);
      client.release(error ?? failures.get(client));
    };
  };
  const giveBack = new WeakMap<PoolClient, (error?: Error) => void>();
  return {
    async tryAcquire() {
      const client = await pool.connect();
      const release = hold(client);
      try {
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
          [key],
        );
        if (rows[0]?.locked !== true) {
          release();
          return null;
        }
        giveBack.set(client, release);
        return client;
      } catch (error) {
        release(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    },
    async release(client) {
      const release = giveBack.get(client) ?? ((error?: Error) => client.release(error));
      try {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
        release();
      } catch (error) {
        release(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
