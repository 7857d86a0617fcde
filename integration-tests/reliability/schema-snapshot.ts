import { Pool } from 'pg';
import { STACK } from '@kot/testing';

export const SERVICE_SCHEMAS = [
  'order_service',
  'inventory_service',
  'shipping_service',
  'notification_service',
  'analytics_service',
] as const;

/**
 * Row counts of every table of every service schema in this file's database (each read as the
 * schema's own role, the only one allowed to), keyed `schema.table`. Equal snapshots before and after
 * a batch of messages mean none of them inserted or deleted anything, inbox and outbox included.
 */
export async function snapshotAllSchemas(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const schema of SERVICE_SCHEMAS) {
    const pool = new Pool({ connectionString: STACK.databaseUrl(schema), max: 1 });
    try {
      const { rows } = await pool.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> '_prisma_migrations' ORDER BY tablename",
        [schema],
      );
      for (const { tablename } of rows) {
        const result = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}"."${tablename}"`);
        counts[`${schema}.${tablename}`] = Number(result.rows[0]?.n);
      }
    } finally {
      await pool.end();
    }
  }
  return counts;
}
