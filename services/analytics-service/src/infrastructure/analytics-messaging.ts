// The analytics consumer, built the same way for the live service and for a rebuild (which only
// differs in its consumer group), so a replay runs exactly the code the live numbers came from.
import {
  createMessagingRuntime,
  messagingConfig,
  type Clock,
  type IdGenerator,
  type MessagingRuntime,
} from '@kot/messaging';
import { type Database } from '@kot/postgres';
import { isRetriable, runWithContext, type Logger, type Metrics } from '@kot/service-kit';
import type { AnalyticsServiceConfig } from '../config';
import type { BusinessMetrics } from './business-metrics';
import { analyticsSubscriptions } from './subscriptions';
import { ANALYTICS_SCHEMA, ANALYTICS_SERVICE } from '../service';

export interface AnalyticsMessagingOptions {
  config: AnalyticsServiceConfig;
  /** The write side: the read model is written with plain pg in the consumer's transaction. */
  sql: Database;
  logger: Logger;
  metrics: Metrics;
  business: BusinessMetrics;
  groupId: string;
  clock: Clock;
  ids: IdGenerator;
}

export function createAnalyticsMessaging(options: AnalyticsMessagingOptions): Promise<MessagingRuntime> {
  const { config, sql, logger, metrics, business, groupId, clock, ids } = options;
  return createMessagingRuntime({
    ...messagingConfig(config, ANALYTICS_SERVICE, ANALYTICS_SCHEMA, groupId),
    logger,
    registry: metrics.registry,
    database: sql,
    transaction: sql.transaction,
    subscriptions: analyticsSubscriptions({ metrics: business }),
    consumer: { isRetriable, runInContext: (ctx, work) => runWithContext(ctx, work), clock, ids },
  });
}
