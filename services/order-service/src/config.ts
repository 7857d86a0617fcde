import { z } from 'zod';
import { durationMs, intFromString, loadConfig, port, positiveInt, serviceEnvSchema, url } from '@kot/service-kit';
import { housekeepingEnv, outboxRelayEnv } from '@kot/messaging';
import type { SagaPolicy } from './saga/saga.policy';

/** Every setting of the order service, parsed once at start; nothing else reads the environment. */
export const orderServiceEnv = serviceEnvSchema({
  SERVICE_PORT: port().default(8081),
  DATABASE_URL: url(['postgres', 'postgresql']).default('postgresql://order_service:order_service@127.0.0.1:5432/kot'),
  KAFKA_GROUP_ID: z.string().min(1).default('order-service'),
  PAYMENT_PROVIDER_URL: url(['http', 'https'])
    .default('http://127.0.0.1:8091')
    .describe("The payment provider's base URL (the payment simulator locally)."),
  PAYMENT_TIMEOUT_MS: durationMs(2000).describe('Longest wait for one payment provider call.'),
  SAGA_REPLY_TIMEOUT_MS: durationMs(30_000).describe(
    'How long a request to another service may stay unanswered before it is sent again.',
  ),
  SAGA_MAX_ATTEMPTS: positiveInt(3).describe(
    'How many times a forward step is requested before the order is compensated (reason TIMEOUT).',
  ),
  SAGA_MAX_COMPENSATION_BACKOFF_MS: durationMs(300_000).describe(
    'Compensations are re-sent until answered, the wait doubling each time up to this.',
  ),
  SAGA_DELIVERY_DEADLINE_MS: durationMs(259_200_000).describe(
    'A confirmed order with no news of its parcel for this long asks shipping again (3 days).',
  ),
  SCHEDULER_INTERVAL_MS: durationMs(500).describe(
    'How often the saga scheduler looks for due payment calls and unanswered requests.',
  ),
  /** Purge of published outbox rows and processed event ids (docs/operating.md, "Housekeeping"). */
  ...housekeepingEnv,
  ...outboxRelayEnv,
  /**
   * Per-client token bucket on POST /api/v1/orders (client = req.ip; behind a proxy set 'trust proxy').
   * 0 turns it off, which the benchmark does. Generous: a real client places a handful of orders.
   * The buckets live in each instance's memory (no shared store: abuse protection, not a quota), so
   * N instances accept N times the rate; whoever runs N of them divides the intended total by N.
   */
  ORDER_RATE_LIMIT_PER_SECOND: intFromString(0, 1_000_000, 'must be a whole number (0 turns the limit off)')
    .default(100)
    .describe(
      'Orders per second one client (by IP) may place through POST /api/v1/orders, per instance: N instances accept N times this (set total / N); 0 turns the limit off.',
    ),
  ORDER_RATE_LIMIT_BURST: positiveInt(200).describe(
    'Orders one client may place in a burst before ORDER_RATE_LIMIT_PER_SECOND paces it, per instance as well.',
  ),
  /** Read-only APIs the web page's backend-for-frontend routes call (same ports as infrastructure/stack.env). */
  INVENTORY_URL: url(['http', 'https'])
    .default('http://127.0.0.1:8082')
    .describe("The inventory service's base URL, for the web page's read-only routes."),
  SHIPPING_URL: url(['http', 'https'])
    .default('http://127.0.0.1:8083')
    .describe("The shipping service's base URL, for the web page's read-only routes."),
  NOTIFICATION_URL: url(['http', 'https'])
    .default('http://127.0.0.1:8084')
    .describe("The notification service's base URL, for the web page's read-only routes."),
  UI_UPSTREAM_TIMEOUT_MS: durationMs(2000).describe('Longest wait for one of those services in a web page route.'),
  UI_STREAM_POLL_MS: durationMs(500).describe(
    "How often a live timeline stream looks for new events in the order's stream.",
  ),
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
