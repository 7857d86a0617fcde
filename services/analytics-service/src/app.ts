import type { Express } from 'express';
import { createServiceCore, type MessagingRuntime, type ServiceOverrides } from '@kot/messaging';
import { createHttpApp, type Logger } from '@kot/service-kit';
import { analyticsRoutes } from './analytics/analytics.routes';
import type { AnalyticsServiceConfig } from './config';
import { createAnalyticsMessaging } from './infrastructure/analytics-messaging';
import { createBusinessMetrics } from './infrastructure/business-metrics';
import { createPrisma, type AnalyticsDb } from './infrastructure/prisma';
import { ANALYTICS_SCHEMA, ANALYTICS_SERVICE } from './service';

export type AnalyticsServiceOverrides = ServiceOverrides;

export interface AnalyticsService {
  app: Express;
  logger: Logger;
  prisma: AnalyticsDb;
  messaging: MessagingRuntime;
  /** Starts consuming (the business metrics count what this instance commits, from zero). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The composition root: every collaborator is built here from the typed config, nowhere else. */
export async function createAnalyticsService(
  config: AnalyticsServiceConfig,
  overrides: AnalyticsServiceOverrides = {},
): Promise<AnalyticsService> {
  // The consumer writes the read model with prepared pg statements; the summary API reads through Prisma.
  const core = createServiceCore(config, { service: ANALYTICS_SERVICE, schema: ANALYTICS_SCHEMA }, overrides);
  const { logger, metrics, sql } = core;
  const prisma = createPrisma(sql);
  const business = createBusinessMetrics(metrics);
  const messaging = await createAnalyticsMessaging(core, business);

  const app = createHttpApp({
    service: ANALYTICS_SERVICE,
    logger,
    metrics,
    version: '0.1.0',
    configure: (http) =>
      http.use(analyticsRoutes({ prisma, clock: core.clock, defaultWindowMs: config.SUMMARY_DEFAULT_WINDOW_MS })),
    readiness: messaging.readiness,
  });

  return {
    app,
    logger,
    prisma,
    messaging,
    async start() {
      await messaging.start();
    },
    async stop() {
      await messaging.stop();
      await sql.close(); // Prisma's client first, then the pool
    },
  };
}
