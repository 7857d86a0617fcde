import type { Express } from 'express';
import { createServiceCore, serviceMessaging, type MessagingRuntime, type ServiceOverrides } from '@kot/messaging';
import type { Database } from '@kot/postgres';
import { createHttpApp, type Logger } from '@kot/service-kit';
import type { NotificationServiceConfig } from './config';
import { Dispatcher } from './infrastructure/dispatcher';
import { createPrisma, type NotificationDb } from './infrastructure/prisma';
import { createSmtpSender, type MailSender } from './infrastructure/smtp-sender';
import { notificationSubscriptions } from './infrastructure/subscriptions';
import { notificationRoutes } from './notifications/notification.routes';
import { NOTIFICATION_SCHEMA, NOTIFICATION_SERVICE } from './service';

export type NotificationServiceOverrides = ServiceOverrides;

export interface NotificationService {
  app: Express;
  logger: Logger;
  prisma: NotificationDb;
  /** The write side (plain pg). */
  sql: Database;
  sender: MailSender;
  dispatcher: Dispatcher;
  messaging: MessagingRuntime;
  /** Starts the background parts: outbox relay, Kafka consumer, email dispatcher. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The composition root: every collaborator is built here from the typed config, nowhere else. */
export async function createNotificationService(
  config: NotificationServiceConfig,
  overrides: NotificationServiceOverrides = {},
): Promise<NotificationService> {
  // Writes (consumer intake, dispatch outcomes) on prepared pg statements; the REST API reads through Prisma.
  const core = createServiceCore(config, { service: NOTIFICATION_SERVICE, schema: NOTIFICATION_SCHEMA }, overrides);
  const { logger, metrics, sql, clock, ids } = core;
  const prisma = createPrisma(sql);
  const sender = createSmtpSender({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    from: config.MAIL_FROM,
    user: config.SMTP_USER,
    password: config.SMTP_PASSWORD,
    timeoutMs: config.SMTP_TIMEOUT_MS,
    deadlineMs: config.SMTP_SEND_DEADLINE_MS,
    breakerResetMs: config.SMTP_BREAKER_RESET_MS,
    sendRetries: config.SMTP_SEND_RETRIES,
    metrics,
    logger,
  });
  const messaging = await serviceMessaging(
    core,
    notificationSubscriptions({ clock, ids, logger, messageIdDomain: config.MAIL_MESSAGE_ID_DOMAIN }),
    // Handled events may have queued emails: send them now rather than at the dispatcher's next tick.
    { onCommitted: () => dispatcher.nudge() },
  );
  const dispatcher = new Dispatcher({
    sql,
    sender,
    clock,
    ids,
    logger,
    metrics,
    policy: {
      maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
      baseDelayMs: config.NOTIFY_RETRY_BASE_MS,
      maxDelayMs: config.NOTIFY_RETRY_MAX_MS,
    },
    intervalMs: config.DISPATCH_INTERVAL_MS,
    batchSize: config.DISPATCH_BATCH_SIZE,
    leaseMs: config.DISPATCH_LEASE_MS,
  });

  const app = createHttpApp({
    service: NOTIFICATION_SERVICE,
    logger,
    metrics,
    version: '0.1.0',
    configure: (http) => http.use(notificationRoutes({ prisma, sql, adminToken: config.ADMIN_TOKEN, clock })),
    // An open SMTP circuit does not make this instance useless (emails queue and go out later), so
    // it is reported for operators without failing readiness.
    readiness: [
      ...messaging.readiness,
      { name: 'smtp-breaker', check: async () => ({ ok: true, detail: sender.breakerState() }) },
    ],
  });

  return {
    app,
    logger,
    prisma,
    sql,
    sender,
    dispatcher,
    messaging,
    async start() {
      await messaging.start();
      dispatcher.start();
    },
    async stop() {
      await dispatcher.stop();
      await messaging.stop();
      sender.shutdown();
      await sql.close(); // Prisma's client first, then the pool
    },
  };
}
