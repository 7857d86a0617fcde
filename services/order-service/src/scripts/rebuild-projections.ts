import { createLogger } from '@kot/service-kit';
import { loadOrderServiceConfig, sagaPolicyOf } from '../config';
import { createDatabase } from '@kot/postgres';
import { rebuildProjections } from '../infrastructure/rebuild-projections';

/**
 * `npm run -w order-service rebuild-projections`: re-derives the orders read model from the event store.
 * Safe while the service runs (each order's row is locked while it is rebuilt; docs/operating.md).
 */
async function main(): Promise<void> {
  const config = loadOrderServiceConfig();
  const logger = createLogger({ service: 'order-service', level: config.LOG_LEVEL });
  const sql = createDatabase({
    databaseUrl: config.DATABASE_URL,
    poolSize: 4,
    applicationName: 'order-service-rebuild',
    logger,
  });
  try {
    const policy = sagaPolicyOf(config);
    const report = await rebuildProjections(sql, policy);
    logger.info(report, 'orders read model rebuilt from the event store');
  } finally {
    await sql.pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
