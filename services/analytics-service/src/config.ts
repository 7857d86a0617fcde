import { z } from 'zod';
import { durationMs, loadConfig, port, serviceEnvSchema, url } from '@kot/service-kit';
import { housekeepingEnv, outboxRelayEnv } from '@kot/messaging';

/** Every setting of the analytics service, parsed once at start; nothing else reads the environment. */
export const analyticsServiceEnv = serviceEnvSchema({
  SERVICE_PORT: port().default(8085),
  DATABASE_URL: url(['postgres', 'postgresql']).default(
    'postgresql://analytics_service:analytics_service@127.0.0.1:5432/kot',
  ),
  KAFKA_GROUP_ID: z.string().min(1).default('analytics-service'),
  SUMMARY_DEFAULT_WINDOW_MS: durationMs(86_400_000).describe(
    'The window a summary covers when the caller gives no `from`.',
  ),
  REBUILD_TIMEOUT_MS: durationMs(1_800_000).describe(
    'A rebuild that has not reached the end offsets captured at its start by then gives up.',
  ),
  /** Purge of published outbox rows and processed event ids (docs/operating.md, "Housekeeping"). */
  ...housekeepingEnv,
  ...outboxRelayEnv,
});

export type AnalyticsServiceConfig = z.output<typeof analyticsServiceEnv>;

export function loadAnalyticsServiceConfig(env: NodeJS.ProcessEnv = process.env): AnalyticsServiceConfig {
  return loadConfig(analyticsServiceEnv, env);
}
