import { z } from 'zod';
import { durationMs, intFromString, loadConfig, port, positiveInt, serviceEnvSchema, url } from '@kot/service-kit';
import { housekeepingEnv, outboxRelayEnv } from '@kot/messaging';

/** Every setting of the shipping service, parsed once at start; nothing else reads the environment. */
export const shippingServiceEnv = serviceEnvSchema({
  SERVICE_PORT: port().default(8083),
  DATABASE_URL: url(['postgres', 'postgresql']).default(
    'postgresql://shipping_service:shipping_service@127.0.0.1:5432/kot',
  ),
  KAFKA_GROUP_ID: z.string().min(1).default('shipping-service'),
  CARRIER_URL: url(['http', 'https']).default('http://127.0.0.1:8092'),
  /** Where the carrier can reach this service: tracking callbacks go to PUBLIC_URL/api/v1/shipments/:id/events. */
  PUBLIC_URL: url(['http', 'https']).default('http://127.0.0.1:8083'),
  CARRIER_TIMEOUT_MS: durationMs(3_000),
  /** Quick retries of one carrier call (with jittered backoff from CARRIER_RETRY_BASE_MS). */
  CARRIER_RETRIES: intFromString(0, 10, 'must be an integer between 0 and 10').default(2),
  CARRIER_RETRY_BASE_MS: durationMs(200),
  /** Longest wait between two attempts of owed carrier work while the carrier is down. */
  CARRIER_BACKOFF_MAX_MS: durationMs(30_000),
  CARRIER_BREAKER_RESET_MS: durationMs(10_000),
  CARRIER_BREAKER_ERROR_PERCENT: intFromString(1, 100, 'must be a percentage between 1 and 100').default(50),
  CARRIER_BREAKER_VOLUME: positiveInt(5),
  /** Pace of the carrier worker: how often it looks for due work, and how much it takes at once. */
  WORKER_INTERVAL_MS: durationMs(500),
  WORKER_BATCH_SIZE: positiveInt(10),
  WORKER_LEASE_MS: durationMs(60_000),
  /** Purge of published outbox rows and processed event ids (docs/operating.md, "Housekeeping"). */
  ...housekeepingEnv,
  ...outboxRelayEnv,
});

export type ShippingServiceConfig = z.output<typeof shippingServiceEnv>;

export function loadShippingServiceConfig(env: NodeJS.ProcessEnv = process.env): ShippingServiceConfig {
  return loadConfig(shippingServiceEnv, env);
}
