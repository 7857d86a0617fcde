import { CATALOGUE } from '../catalogue/catalogue.seed';
import { loadInventoryServiceConfig } from '../config';
import { resetCatalogue } from '../infrastructure/catalogue-seeding';
import { createDatabase } from '@kot/postgres';
import { createLogger } from '@kot/service-kit';

/**
 * `npm run -w inventory-service seed`: inserts missing catalogue products and resets every catalogue
 * product's on-hand to its catalogue figure (never below what live orders hold), recorded as RESTOCK
 * movements by actor "seed-script". Uses the service's own DATABASE_URL.
 */
async function main(): Promise<void> {
  const config = loadInventoryServiceConfig();
  const sql = createDatabase({
    databaseUrl: config.DATABASE_URL,
    poolSize: 2,
    applicationName: 'inventory-seed',
    logger: createLogger({ service: 'inventory-seed', level: config.LOG_LEVEL }),
  });
  try {
    const changed = await resetCatalogue(sql, CATALOGUE, 'seed-script');
    console.log(`catalogue of ${CATALOGUE.length} products seeded; ${changed} stock level(s) reset`);
  } finally {
    await sql.pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
