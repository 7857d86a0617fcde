import { z } from 'zod';
import { booleanFromString, durationMs, loadConfig, port, positiveInt, serviceEnvSchema, url } from '@kot/service-kit';
import { housekeepingEnv, outboxRelayEnv } from '@kot/messaging';

/** Every setting of the inventory service, parsed once at start; nothing else reads the environment. */
export const inventoryServiceEnv = serviceEnvSchema({
  SERVICE_PORT: port().default(8082),
  DATABASE_URL: url(['postgres', 'postgresql']).default(
    'postgresql://inventory_service:inventory_service@127.0.0.1:5432/kot',
  ),
  KAFKA_GROUP_ID: z.string().min(1).default('inventory-service'),
  RESERVATION_TTL_MS: durationMs(900_000).describe(
    'A hold nobody confirms or releases within this time is given back (InventoryReleased, EXPIRED).',
  ),
  EXPIRY_INTERVAL_MS: durationMs(5_000).describe('How often expired holds are looked for.'),
  EXPIRY_BATCH_SIZE: positiveInt(100).describe('Expired holds given back per round.'),
  SEED_ON_START: booleanFromString(true).describe(
    'Insert missing catalogue products at start (existing ones are never touched).',
  ),
  /** Purge of published outbox rows and processed event ids (docs/operating.md, "Housekeeping"). */
  ...housekeepingEnv,
  ...outboxRelayEnv,
});

export type InventoryServiceConfig = z.output<typeof inventoryServiceEnv>;

export function loadInventoryServiceConfig(env: NodeJS.ProcessEnv = process.env): InventoryServiceConfig {
  return loadConfig(inventoryServiceEnv, env);
}
