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
  CARRIER_URL: url(['http', 'https'])
    .default('http://127.0.0.1:8092')
    .describe("The carrier's base URL (the carrier simulator locally)."),
  PUBLIC_URL: url(['http', 'https'])
    .default('http://127.0.0.1:8083')
    .describe(
      'Where the carrier can reach this service: tracking callbacks go to PUBLIC_URL/api/v1/shipments/:id/events.',
    ),
  CARRIER_TIMEOUT_MS: durationMs(3_000).describe('Longest wait for one carrier call.'),
  CARRIER_RETRIES: intFromString(0, 10, 'must be an integer between 0 and 10')
    .default(2)
    .describe('Quick retries of one carrier call (with jittered backoff from CARRIER_RETRY_BASE_MS).'),
  CARRIER_RETRY_BASE_MS: durationMs(200).describe('First wait before a quick retry of a carrier call.'),
  CARRIER_BACKOFF_MAX_MS: durationMs(30_000).describe(
    'Longest wait between two attempts of owed carrier work while the carrier is down.',
  ),
  CARRIER_BREAKER_RESET_MS: durationMs(10_000).describe(
    'How long the open carrier circuit breaker refuses calls before it lets a trial call through.',
  ),
  CARRIER_BREAKER_ERROR_PERCENT: intFromString(1, 100, 'must be a percentage between 1 and 100')
    .default(50)
    .describe('Percentage of failed carrier calls that opens the circuit breaker.'),
  CARRIER_BREAKER_VOLUME: positiveInt(5).describe('Carrier calls the breaker needs to have seen before it may open.'),
  WORKER_INTERVAL_MS: durationMs(500).describe('How often the carrier worker looks for due work.'),
  WORKER_BATCH_SIZE: positiveInt(10).describe('Shipments the carrier worker takes at once.'),
  WORKER_LEASE_MS: durationMs(60_000).describe(
    "How long work one worker took is hidden from other instances (so a crashed instance's work waits this long).",
  ),
  /** Purge of published outbox rows and processed event ids (docs/operating.md, "Housekeeping"). */
  ...housekeepingEnv,
  ...outboxRelayEnv,
});

export type ShippingServiceConfig = z.output<typeof shippingServiceEnv>;

export function loadShippingServiceConfig(env: NodeJS.ProcessEnv = process.env): ShippingServiceConfig {
  return loadConfig(shippingServiceEnv, env);
}
