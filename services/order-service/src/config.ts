import { z } from 'zod';
import { durationMs, intFromString, loadConfig, port, positiveInt, serviceEnvSchema, url } from '@kot/service-kit';
import { housekeepingEnv, outboxRelayEnv } from '@kot/messaging';
import type { SagaPolicy } from './saga/saga.policy';

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
  /** A confirmed order with no news of its parcel for this long asks shipping again (3 days). */
  SAGA_DELIVERY_DEADLINE_MS: durationMs(259_200_000),
  SCHEDULER_INTERVAL_MS: durationMs(500),
  /** Purge of published outbox rows and processed event ids (docs/operating.md, "Housekeeping"). */
  ...housekeepingEnv,
  ...outboxRelayEnv,
  /**
   * Per-client token bucket on POST /api/v1/orders (client = req.ip; behind a proxy set 'trust proxy').
   * 0 turns it off, which the benchmark does. Generous: a real client places a handful of orders.
   */
  ORDER_RATE_LIMIT_PER_SECOND: intFromString(0, 1_000_000, 'must be a whole number (0 turns the limit off)').default(
    100,
  ),
  ORDER_RATE_LIMIT_BURST: positiveInt(200),
  /** Read-only APIs the web page's backend-for-frontend routes call (same ports as infrastructure/stack.env). */
  INVENTORY_URL: url(['http', 'https']).default('http://127.0.0.1:8082'),
  SHIPPING_URL: url(['http', 'https']).default('http://127.0.0.1:8083'),
  NOTIFICATION_URL: url(['http', 'https']).default('http://127.0.0.1:8084'),
  UI_UPSTREAM_TIMEOUT_MS: durationMs(2000),
  /** How often a live timeline stream looks for new events in the order's stream. */
  UI_STREAM_POLL_MS: durationMs(500),
});

export type OrderServiceConfig = z.output<typeof orderServiceEnv>;

export function loadOrderServiceConfig(env: NodeJS.ProcessEnv = process.env): OrderServiceConfig {
  return loadConfig(orderServiceEnv, env);
}

/** The saga's timing, from configuration: one mapping for the service and its rebuild script. */
export function sagaPolicyOf(config: OrderServiceConfig): SagaPolicy {
  return {
    replyTimeoutMs: config.SAGA_REPLY_TIMEOUT_MS,
    maxAttempts: config.SAGA_MAX_ATTEMPTS,
    maxCompensationBackoffMs: config.SAGA_MAX_COMPENSATION_BACKOFF_MS,
    deliveryDeadlineMs: config.SAGA_DELIVERY_DEADLINE_MS,
  };
}
