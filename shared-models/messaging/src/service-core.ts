import { createDatabase, type Database, type PgTx } from '@kot/postgres';
import {
  createLogger,
  createMetrics,
  isRetriable,
  runWithContext,
  type Logger,
  type LogLevel,
  type Metrics,
} from '@kot/service-kit';
import { systemClock, uuidGenerator, type Clock, type IdGenerator } from './envelope';
import type { Subscriptions } from './consumer/subscriptions';
import { createMessagingRuntime, messagingConfig, type MessagingEnv, type MessagingRuntime } from './runtime';
import type { ConsumerOptions } from './consumer/run-consumer';

/** What tests and simulations may replace in any service: time, ids and where logs go. */
export interface ServiceOverrides {
  clock?: Clock;
  ids?: IdGenerator;
  logger?: Logger;
}

/** The config every service parses (service-kit's commonServiceEnv) that its core is built from. */
export interface ServiceCoreEnv extends MessagingEnv {
  LOG_LEVEL: LogLevel;
  DATABASE_URL: string;
  DB_POOL_SIZE: number;
}

/**
 * What every composition root (services/<name>/src/app.ts) starts from, built the same way for all five:
 * its logger, metrics registry, injected clock and ids, and its one Database (docs/conventions.md, "Postgres").
 */
export interface ServiceCore {
  service: string;
  schema: string;
  env: ServiceCoreEnv;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  ids: IdGenerator;
  sql: Database;
}

export function createServiceCore(
  env: ServiceCoreEnv,
  identity: { service: string; schema: string },
  overrides: ServiceOverrides = {},
): ServiceCore {
  const { service } = identity;
  const logger = overrides.logger ?? createLogger({ service, level: env.LOG_LEVEL });
  const sql = createDatabase({
    databaseUrl: env.DATABASE_URL,
    poolSize: env.DB_POOL_SIZE,
    applicationName: service,
    logger,
  });
  return {
    ...identity,
    env,
    logger,
    metrics: createMetrics({ service }),
    clock: overrides.clock ?? systemClock,
    ids: overrides.ids ?? uuidGenerator,
    sql,
  };
}

type ConsumerExtras = Partial<Pick<ConsumerOptions<PgTx>, 'onCommitted'>>;

/**
 * The service's messaging runtime: its subscription table on its database, with the context propagation,
 * retry rule, clock and ids every service uses. `groupId` overrides the configured group (a rebuild's replay).
 */
export function serviceMessaging(
  core: ServiceCore,
  subscriptions: Subscriptions<PgTx>,
  options: ConsumerExtras & { groupId?: string } = {},
): Promise<MessagingRuntime> {
  const { groupId, ...consumer } = options;
  return createMessagingRuntime({
    ...messagingConfig(core.env, core.service, core.schema, groupId),
    logger: core.logger,
    registry: core.metrics.registry,
    subscriptions,
    database: core.sql,
    consumer: {
      isRetriable,
      runInContext: (ctx, work) => runWithContext(ctx, work),
      clock: core.clock,
      ids: core.ids,
      ...consumer,
    },
  });
}
