import { z } from 'zod';
import { durationMs, loadConfig, port, positiveInt, serviceEnvSchema, url } from '@kot/service-kit';

/** Every setting of the order service, parsed once at start; nothing else reads the environment. */
export const orderServiceEnv = serviceEnvSchema({
  SERVICE_PORT: port().default(8081),
  DATABASE_URL: url(['postgres', 'postgresql']).default('postgresql://order_service:order_service@127.0.0.1:5432/kot'),
  KAFKA_GROUP_ID: z.string().min(1).default('order-service'),
  PAYMENT_PROVIDER_URL: url(['http', 'https']).default('http://127.0.0.1:8091'),
  PAYMENT_TIMEOUT_MS: durationMs(2000),
  SAGA_REPLY_TIMEOUT_MS: durationMs(30_000),
  SAGA_MAX_ATTEMPTS: positiveInt(3),
  SAGA_MAX_COMPENSATION_BACKOFF_MS: durationMs(300_000),
  SCHEDULER_INTERVAL_MS: durationMs(500),
  DB_POOL_SIZE: positiveInt(10),
});

export type OrderServiceConfig = z.output<typeof orderServiceEnv>;

export function loadOrderServiceConfig(env: NodeJS.ProcessEnv = process.env): OrderServiceConfig {
  return loadConfig(orderServiceEnv, env);
}
