import type { Express } from 'express';
import { systemClock, uuidGenerator, type Clock, type IdGenerator, type MessagingRuntime } from '@kot/messaging';
import { createDatabase } from '@kot/postgres';
import { createHttpApp, createLogger, createMetrics, type Logger } from '@kot/service-kit';
import { analyticsRoutes } from './analytics/analytics.routes';
import type { AnalyticsServiceConfig } from './config';
import { createAnalyticsMessaging } from './infrastructure/analytics-messaging';
import { createBusinessMetrics } from './infrastructure/business-metrics';
import { createPrisma, type AnalyticsDb } from './infrastructure/prisma';
import { ANALYTICS_SERVICE } from './service';

export interface AnalyticsServiceOverrides {
  clock?: Clock;
  ids?: IdGenerator;
  logger?: Logger;
}

export interface AnalyticsService {
  app: Express;
  logger: Logger;
  prisma: AnalyticsDb;
  messaging: MessagingRuntime;
  /** Seeds the business metrics from the read model, then starts consuming. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The composition root: every collaborator is built here from the typed config, nowhere else. */
export async function createAnalyticsService(
  config: AnalyticsServiceConfig,
  overrides: AnalyticsServiceOverrides = {},
): Promise<AnalyticsService> {
  const logger = overrides.logger ?? createLogger({ service: ANALYTICS_SERVICE, level: config.LOG_LEVEL });
  const metrics = createMetrics({ service: ANALYTICS_SERVICE });
  const clock = overrides.clock ?? systemClock;
  // The consumer writes the read model with prepared pg statements; the summary API reads through Prisma.
  const sql = createDatabase({
    databaseUrl: config.DATABASE_URL,
    poolSize: config.DB_POOL_SIZE,
    applicationName: ANALYTICS_SERVICE,
    logger,
  });
  const prisma = createPrisma(sql);
  const business = createBusinessMetrics(metrics);
  const messaging = await createAnalyticsMessaging({
    config,
    sql,
    logger,
    metrics,
    business,
    groupId: config.KAFKA_GROUP_ID,
    clock,
    ids: overrides.ids ?? uuidGenerator,
  });

  const app = createHttpApp({
    service: ANALYTICS_SERVICE,
    logger,
    metrics,
    version: '0.1.0',
    configure: (http) =>
      http.use(analyticsRoutes({ prisma, clock, defaultWindowMs: config.SUMMARY_DEFAULT_WINDOW_MS })),
    readiness: messaging.readiness,
  });

  return {
    app,
    logger,
    prisma,
    messaging,
    async start() {
      // Seeding before the consumer starts means no committed change is counted twice or missed.
      await business.seed(prisma);
      await messaging.start();
    },
    async stop() {
      await messaging.stop();
      await sql.close(); // Prisma's client first, then the pool
    },
  };
}
