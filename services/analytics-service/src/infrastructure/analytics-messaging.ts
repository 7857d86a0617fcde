// The analytics consumer, built the same way for the live service and for a rebuild (which only
// differs in its consumer group), so a replay runs exactly the code the live numbers came from.
import { createMessagingRuntime, type Clock, type IdGenerator, type MessagingRuntime } from '@kot/messaging';
import { isRetriable, runWithContext, type Logger, type Metrics } from '@kot/service-kit';
import type { AnalyticsServiceConfig } from '../config';
import { withCommitHooks } from './after-commit';
import type { BusinessMetrics } from './business-metrics';
import { ANALYTICS_SCHEMA, ANALYTICS_SERVICE, transactionRunner, type AnalyticsDb } from './prisma';
import { analyticsSubscriptions } from './subscriptions';

export interface AnalyticsMessagingOptions {
  config: AnalyticsServiceConfig;
  prisma: AnalyticsDb;
  logger: Logger;
  metrics: Metrics;
  business: BusinessMetrics;
  groupId: string;
  clock: Clock;
  ids: IdGenerator;
}

export function createAnalyticsMessaging(options: AnalyticsMessagingOptions): Promise<MessagingRuntime> {
  const { config, prisma, logger, metrics, business, groupId, clock, ids } = options;
  const hooks = withCommitHooks(transactionRunner(prisma));
  return createMessagingRuntime({
    service: ANALYTICS_SERVICE, schema: ANALYTICS_SCHEMA, groupId, brokers: config.KAFKA_BROKERS,
    registryUrl: config.SCHEMA_REGISTRY_URL, topic: config.KAFKA_TOPIC, deadLetterTopic: config.KAFKA_DLQ_TOPIC, databaseUrl: config.DATABASE_URL,
    logger, registry: metrics.registry, transaction: hooks.transaction,
    subscriptions: analyticsSubscriptions({ metrics: business, afterCommit: hooks.afterCommit }),
    consumer: { isRetriable, runInContext: (ctx, work) => runWithContext(ctx, work), clock, ids },
  });
}
