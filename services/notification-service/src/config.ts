import { z } from 'zod';
import { durationMs, loadConfig, port, positiveInt, serviceEnvSchema, url } from '@kot/service-kit';
import { housekeepingEnv, outboxRelayEnv } from '@kot/messaging';
import { minimumLeaseMs, type LeaseInputs } from './infrastructure/lease-budget';

/** Every setting of the notification service, parsed once at start; nothing else reads the environment. */
export const notificationServiceEnv = serviceEnvSchema({
  SERVICE_PORT: port().default(8084),
  DATABASE_URL: url(['postgres', 'postgresql']).default(
    'postgresql://notification_service:notification_service@127.0.0.1:5432/kot',
  ),
  KAFKA_GROUP_ID: z.string().min(1).default('notification-service'),
  SMTP_HOST: z
    .string()
    .trim()
    .min(1)
    .default('127.0.0.1')
    .describe('SMTP server the emails go to (the mail catcher locally).'),
  SMTP_PORT: port().default(1025).describe("The SMTP server's port."),
  SMTP_USER: z
    .string()
    .min(1)
    .optional()
    .describe('SMTP login; unset sends without one (the local mail catcher needs none).'),
  SMTP_PASSWORD: z.string().min(1).optional().describe('Password of SMTP_USER.'),
  SMTP_TIMEOUT_MS: durationMs(10_000).describe(
    'Connection (greeting included) and idle-socket timeout within one SMTP conversation.',
  ),
  /**
   * The timeouts above only bound each wait (a server may take almost SMTP_TIMEOUT_MS for every reply,
   * and a trickle resets the idle timer), so without this a send, and so the lease it needs, would have
   * no upper bound.
   */
  SMTP_SEND_DEADLINE_MS: durationMs(20_000).describe(
    'Hard limit of one whole SMTP conversation; past it the socket is destroyed. At least SMTP_TIMEOUT_MS.',
  ),
  SMTP_BREAKER_RESET_MS: durationMs(15_000).describe(
    'How long the open SMTP circuit breaker refuses sends before it lets a trial send through.',
  ),
  SMTP_SEND_RETRIES: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .default(2)
    .describe('Quick in-process retries of one send (absorbs a blip) before the email is rescheduled.'),
  MAIL_FROM: z
    .string()
    .min(3)
    .default('"Kafka Order Tracking" <orders@kafkaordertracking.local>')
    .describe('From header of every email.'),
  MAIL_MESSAGE_ID_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'must be a domain name')
    .default('notifications.kafkaordertracking.local')
    .describe('Domain part of the Message-ID every email carries.'),
  /**
   * With the backoff below (2 s doubling up to 10 min) that is about 17 minutes of SMTP trouble; sends
   * the open circuit refuses without trying do not count.
   */
  NOTIFY_MAX_ATTEMPTS: positiveInt(10).describe(
    'Failed sends after which an email is marked FAILED and NotificationFailed is emitted.',
  ),
  NOTIFY_RETRY_BASE_MS: durationMs(2_000).describe(
    'Wait before a failed email is tried again; it doubles per failure up to NOTIFY_RETRY_MAX_MS.',
  ),
  NOTIFY_RETRY_MAX_MS: durationMs(600_000).describe('Longest wait between two tries of one email.'),
  DISPATCH_INTERVAL_MS: durationMs(1_000).describe('How often the dispatcher looks for emails due to be sent.'),
  DISPATCH_BATCH_SIZE: positiveInt(8).describe(
    'Emails leased per round; each wave beyond the sending concurrency (8 at a time) lengthens the minimum lease.',
  ),
  /**
   * The minimum covers the slowest send with its quick retries plus recording the outcome
   * (lease-budget.ts). The lease is also how long a crashed dispatcher's emails wait before another
   * instance sends them, so the default is no longer than it has to be.
   */
  DISPATCH_LEASE_MS: durationMs()
    .optional()
    .describe(
      'How long a claimed email is hidden from other dispatchers. Unset, it is the shortest safe lease ' +
        '(about 80 s with the defaults); a shorter one is refused, since another dispatcher would then send ' +
        'the email again.',
    ),
  /** Purge of published outbox rows and processed event ids (docs/operating.md, "Housekeeping"). */
  ...housekeepingEnv,
  ...outboxRelayEnv,
})
  .superRefine((env, ctx) => {
    if (env.SMTP_SEND_DEADLINE_MS < env.SMTP_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_SEND_DEADLINE_MS'],
        message: `must be at least SMTP_TIMEOUT_MS (${env.SMTP_TIMEOUT_MS} ms)`,
      });
    }
    const minimum = minimumLeaseMs(leaseInputs(env));
    if (env.DISPATCH_LEASE_MS !== undefined && env.DISPATCH_LEASE_MS < minimum) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISPATCH_LEASE_MS'],
        message: `must be at least ${minimum} ms to cover a send of ${1 + env.SMTP_SEND_RETRIES} attempts of SMTP_SEND_DEADLINE_MS plus recording it, or another dispatcher would send the email again`,
      });
    }
  })
  .transform((env) => ({ ...env, DISPATCH_LEASE_MS: env.DISPATCH_LEASE_MS ?? minimumLeaseMs(leaseInputs(env)) }));

function leaseInputs(env: {
  SMTP_SEND_DEADLINE_MS: number;
  SMTP_SEND_RETRIES: number;
  DISPATCH_BATCH_SIZE: number;
}): LeaseInputs {
  return {
    sendDeadlineMs: env.SMTP_SEND_DEADLINE_MS,
    sendRetries: env.SMTP_SEND_RETRIES,
    batchSize: env.DISPATCH_BATCH_SIZE,
  };
}

export type NotificationServiceConfig = z.output<typeof notificationServiceEnv>;

export function loadNotificationServiceConfig(env: NodeJS.ProcessEnv = process.env): NotificationServiceConfig {
  return loadConfig(notificationServiceEnv, env);
}
