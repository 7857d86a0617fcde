// Postgres work per saga, measured rather than guessed: committed transactions of the `kot`
// database (pg_stat_database.xact_commit) and rows written per service schema
// (pg_stat_user_tables), read before and after a run. The statistics are flushed by backends about
// once a second, so the "after" read waits for that first. Each read is its own transaction, so it
// sees fresh statistics, not the snapshot of an earlier read.
import pg from 'pg';

export interface PgCounters {
  xactCommit: number;
  rowsWrittenBySchema: Record<string, number>;
}

export async function readPgCounters(client: pg.Pool, database: string): Promise<PgCounters> {
  const commits = await client.query<{ n: string }>(
    'SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = $1',
    [database],
  );
  const rows = await client.query<{ schema: string; n: string }>(
    `SELECT schemaname AS schema, sum(n_tup_ins + n_tup_upd + n_tup_del)::text AS n FROM pg_stat_user_tables
     WHERE schemaname LIKE '%\\_service' GROUP BY schemaname ORDER BY schemaname`,
  );
  return {
    xactCommit: Number(commits.rows[0]?.n ?? 0),
    rowsWrittenBySchema: Object.fromEntries(rows.rows.map((r) => [r.schema, Number(r.n)])),
  };
}

export interface PgWork {
  commits: number;
  /** Commits the idle system makes anyway (pollers, housekeeping) over the same time, taken off. */
  idleCommits: number;
  commitsPerSaga: number | null;
  grossCommitsPerSaga: number | null;
  rowsWrittenPerSaga: Record<string, number | null>;
}

/** Commits per second of the `kot` database while nothing is placed: the services' background work. */
export async function idleCommitRate(pool: pg.Pool, database: string, ms: number): Promise<number> {
  const before = await readPgCounters(pool, database);
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await readPgCounters(pool, database);
  return Math.round(((after.xactCommit - before.xactCommit) / (ms / 1000)) * 10) / 10;
}

export function pgWork(
  before: PgCounters,
  after: PgCounters,
  sagas: number,
  idleCommitsPerSecond: number,
  seconds: number,
): PgWork {
  const per = (n: number) => (sagas > 0 ? Math.round((n / sagas) * 100) / 100 : null);
  const commits = after.xactCommit - before.xactCommit;
  const idleCommits = Math.round(idleCommitsPerSecond * seconds);
  const rowsWrittenPerSaga = Object.fromEntries(
    Object.entries(after.rowsWrittenBySchema).map(([schema, n]) => [
      schema,
      per(n - (before.rowsWrittenBySchema[schema] ?? 0)),
    ]),
  );
  return {
    commits,
    idleCommits,
    commitsPerSaga: per(Math.max(0, commits - idleCommits)),
    grossCommitsPerSaga: per(commits),
    rowsWrittenPerSaga,
  };
}
