import { z } from 'zod';
import { durationMs, loadConfig, port, positiveInt, serviceEnvSchema, url } from '@kot/service-kit';
import { housekeepingEnv } from '@kot/messaging';

/** Every setting of the notification service, parsed once at start; nothing else reads the environment. */
export const notificationServiceEnv = serviceEnvSchema({
  SERVICE_PORT: port().default(8084),
  DATABASE_URL: url(['postgres', 'postgresql']).default('postgresql://notification_service:notification_service@127.0.0.1:5432/kot'),
  KAFKA_GROUP_ID: z.string().min(1).default('notification-service'),
  SMTP_HOST: z.string().trim().min(1).default('127.0.0.1'),
  SMTP_PORT: port().default(1025),
  /** Optional credentials; the local mail catcher needs none. */
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** Connection, greeting and idle-socket timeout of one SMTP conversation. */
  SMTP_TIMEOUT_MS: durationMs(10_000),
  SMTP_BREAKER_RESET_MS: durationMs(15_000),
  /** Quick in-process retries of one send (absorbs a blip) before the row is rescheduled. */
  SMTP_SEND_RETRIES: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).default(2),
  MAIL_FROM: z.string().min(3).default('"Kafka Order Tracking" <orders@kafkaordertracking.local>'),
  MAIL_MESSAGE_ID_DOMAIN: z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be a domain name').default('notifications.kafkaordertracking.local'),
  /**
   * Failed sends after which an email is marked FAILED and NotificationFailed is emitted. With the
   * backoff below (2 s doubling up to 10 min) that is about 17 minutes of SMTP trouble; sends the open
   * circuit refuses without trying do not count.
   */
  NOTIFY_MAX_ATTEMPTS: positiveInt(10),
  NOTIFY_RETRY_BASE_MS: durationMs(2_000),
  NOTIFY_RETRY_MAX_MS: durationMs(600_000),
  DISPATCH_INTERVAL_MS: durationMs(1_000),
  /** Emails leased per round; all of them are sent at once (at most SEND_CONCURRENCY), so each lease starts when its send does. */
  DISPATCH_BATCH_SIZE: positiveInt(8),
  /**
   * How long a claimed email is hidden from other dispatchers. It must exceed one send with its quick
   * retries (1 + SMTP_SEND_RETRIES attempts of up to SMTP_TIMEOUT_MS) plus recording the outcome (~20 s
   * of retries), or a slow send could be picked up and sent again; and it is how long the emails a
   * crashed dispatcher had claimed wait before another instance sends them (a fault run with 5 min
   * left 32 emails owed well after everything else was at rest).
   */
  DISPATCH_LEASE_MS: durationMs(90_000),
  /** Purge of published outbox rows and processed event ids (docs/operating.md, "Housekeeping"). */
  ...housekeepingEnv,
});

export type NotificationServiceConfig = z.output<typeof notificationServiceEnv>;

export function loadNotificationServiceConfig(env: NodeJS.ProcessEnv = process.env): NotificationServiceConfig {
  return loadConfig(notificationServiceEnv, env);
}
