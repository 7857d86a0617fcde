// The machine's Postgres ceiling: pgbench's built-in simple-update script (three UPDATEs, one
// SELECT, one INSERT per transaction, one commit) against a scratch database `kot_bench` on the
// same server and settings the services use. Reported as commits/s per client count; the best of
// them is the ceiling the saga rate is compared with.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Endpoints } from './config';

const run = promisify(execFile);
export const SCRATCH_DB = 'kot_bench';

export interface PgbenchResult {
  clients: number;
  seconds: number;
  tps: number | null;
}
export interface PgCeiling {
  script: string;
  runs: PgbenchResult[];
  bestTps: number | null;
  error?: string;
}

/** The tps line pgbench prints, e.g. `tps = 812.345678 (without initial connection time)`. */
export function parsePgbenchTps(output: string): number | null {
  const match = /^tps = ([\d.]+)/m.exec(output);
  return match ? Math.round(Number(match[1]) * 10) / 10 : null;
}

export async function measurePgCeiling(
  pg: Endpoints['pg'],
  clientCounts: number[],
  seconds: number,
): Promise<PgCeiling> {
  const env = { ...process.env, PGHOST: pg.host, PGPORT: String(pg.port), PGUSER: pg.user, PGPASSWORD: pg.password };
  const script = 'pgbench -b simple-update (scale 1)';
  try {
    await run('psql', ['-d', 'postgres', '-qAtc', `DROP DATABASE IF EXISTS ${SCRATCH_DB}`], { env });
    await run('psql', ['-d', 'postgres', '-qAtc', `CREATE DATABASE ${SCRATCH_DB}`], { env });
    await run('pgbench', ['-i', '-q', '-s', '1', SCRATCH_DB], { env });
    const runs: PgbenchResult[] = [];
    for (const clients of clientCounts) {
      const { stdout } = await run(
        'pgbench',
        [
          '-n',
          '-b',
          'simple-update',
          '-c',
          String(clients),
          '-j',
          String(Math.min(clients, 4)),
          '-T',
          String(seconds),
          SCRATCH_DB,
        ],
        { env },
      );
      runs.push({ clients, seconds, tps: parsePgbenchTps(stdout) });
    }
    return { script, runs, bestTps: bestOf(runs.map((r) => r.tps)) };
  } catch (error) {
    return {
      script,
      runs: [],
      bestTps: null,
      error: `pgbench failed (is it installed? scripts/lib/ensure-prerequisites.sh): ${(error as Error).message.split('\n')[0]}`,
    };
  } finally {
    await run('psql', ['-d', 'postgres', '-qAtc', `DROP DATABASE IF EXISTS ${SCRATCH_DB}`], { env }).catch(
      () => undefined,
    );
  }
}

export function bestOf(values: Array<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.max(...known) : null;
}
