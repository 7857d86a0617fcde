// The pg transaction runner the order service writes through, on a real Postgres: work commits as a
// whole or not at all, the inbox and outbox write in it, and named (prepared) statements are reused
// across transactions on pooled connections.
import { randomUUID } from 'node:crypto';
import { sampleEvent } from '@kot/events';
import { STACK } from '@kot/testing';
import type { OutgoingEvent } from './envelope';
import { appendToOutbox } from './outbox/outbox-writer';
import { claimInbox } from './inbox';
import { Pool } from 'pg';
import { createDatabase, pgSession, pgTransactions, type Database } from '@kot/postgres';

const SCHEMA = 'inventory_service';

describe('pg transactions (real Postgres)', () => {
  let database: Database;
  let pool: Database['pool'];
  beforeAll(() => {
    database = createDatabase({
      databaseUrl: STACK.databaseUrl(SCHEMA),
      poolSize: 2,
      applicationName: 'inbox-outbox-test',
      logger: { warn: () => undefined },
    });
    pool = database.pool;
  });
  afterAll(() => database.close());

  const inboxHas = async (eventId: string) =>
    (await pool.query(`SELECT 1 FROM ${SCHEMA}.inbox WHERE event_id = $1`, [eventId])).rowCount === 1;
  const outboxHas = async (eventId: string) =>
    (await pool.query(`SELECT 1 FROM ${SCHEMA}.outbox WHERE event_id = $1`, [eventId])).rowCount === 1;
  const outgoing = (eventId: string): OutgoingEvent => ({
    event: sampleEvent('InventoryReleased', { orderId: 'ord-pg' }),
    metadata: { eventId, correlationId: 'c', causationId: null, occurredAt: 0, producer: 'test', traceparent: null },
  });

  it('runs beforeCommit work inside the transaction and afterCommit effects only once it committed', async () => {
    const committedId = randomUUID();
    const rolledBackId = randomUUID();
    const effects: string[] = [];
    await pgTransactions(pool)(async (tx) => {
      tx.beforeCommit(async () => {
        await appendToOutbox(tx, SCHEMA, [outgoing(committedId)]);
      });
      tx.afterCommit(() => effects.push('committed'));
    });
    await expect(
      pgTransactions(pool)(async (tx) => {
        tx.beforeCommit(async () => {
          await appendToOutbox(tx, SCHEMA, [outgoing(rolledBackId)]);
        });
        tx.afterCommit(() => effects.push('rolled back'));
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(effects).toEqual(['committed']);
    expect([await outboxHas(committedId), await outboxHas(rolledBackId)]).toEqual([true, false]);
    pgSession(pool).afterCommit(() => effects.push('autocommit'));
    expect(effects).toEqual(['committed', 'autocommit']);
  });

  it('commits the inbox claim and the outbox rows together', async () => {
    const inboxId = randomUUID();
    const outboxId = randomUUID();
    const claimed = await pgTransactions(pool)(async (tx) => {
      const fresh = await claimInbox(tx, SCHEMA, 'pg-test', inboxId, 'OrderPlaced');
      await appendToOutbox(tx, SCHEMA, [outgoing(outboxId)]);
      return fresh;
    });
    expect(claimed).toBe(true);
    expect([await inboxHas(inboxId), await outboxHas(outboxId)]).toEqual([true, true]);
  });

  it('rolls everything back when the work throws, and hands the error to the caller', async () => {
    const inboxId = randomUUID();
    const outboxId = randomUUID();
    const run = pgTransactions(pool)(async (tx) => {
      await claimInbox(tx, SCHEMA, 'pg-test', inboxId, 'OrderPlaced');
      await appendToOutbox(tx, SCHEMA, [outgoing(outboxId)]);
      throw new Error('handler failed');
    });
    await expect(run).rejects.toThrow('handler failed');
    expect([await inboxHas(inboxId), await outboxHas(outboxId)]).toEqual([false, false]);
  });

  it('rolls back a failed statement and leaves the connection usable for the next transaction', async () => {
    const eventId = randomUUID();
    const run = pgTransactions(pool)(async (tx) => {
      await claimInbox(tx, SCHEMA, 'pg-test', eventId, 'OrderPlaced');
      await tx.query('SELECT 1/0');
    });
    await expect(run).rejects.toMatchObject({ code: '22012' }); // division_by_zero, as Postgres reports it
    expect(await inboxHas(eventId)).toBe(false);
    // Both pooled connections are fine afterwards (an aborted transaction would fail these with 25P02).
    const results = await Promise.all(
      [1, 2].map((n) =>
        pgTransactions(pool)((tx) => tx.query<{ n: number }>('SELECT $1::int AS n', [n], 'pg-test-echo')),
      ),
    );
    expect(results.map((rows) => rows[0]?.n)).toEqual([1, 2]);
  });

  it('reuses a named statement across transactions and sessions', async () => {
    const session = pgSession(pool);
    const values = [];
    for (let n = 0; n < 6; n += 1)
      values.push((await session.query<{ n: number }>('SELECT $1::int + 1 AS n', [n], 'pg-test-increment'))[0]?.n);
    expect(values).toEqual([1, 2, 3, 4, 5, 6]);
    const prepared = await pgTransactions(pool)((tx) =>
      tx.query<{ name: string }>("SELECT name FROM pg_prepared_statements WHERE name = 'pg-test-increment'"),
    );
    expect(prepared.map((row) => row.name)).toEqual(['pg-test-increment']);
  });

  it('survives its connection dropping between two statements (Postgres restart): rejects, no process-killing error event', async () => {
    const other = new Pool({ connectionString: STACK.databaseUrl(SCHEMA), max: 1 });
    try {
      const run = pgTransactions(pool)(async (tx) => {
        const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await other.query('SELECT pg_terminate_backend($1)', [row?.pid]);
        await new Promise((resolve) => setTimeout(resolve, 300)); // the drop arrives while no statement runs
        await tx.query('SELECT 1');
      });
      await expect(run).rejects.toThrow();
      // The dead connection was destroyed, not returned: the pool answers on a fresh one.
      const rows = await Promise.all([1, 2].map(() => pgSession(pool).query<{ one: number }>('SELECT 1 AS one')));
      expect(rows.map((r) => r[0]?.one)).toEqual([1, 1]);
    } finally {
      await other.end();
    }
  });
});
