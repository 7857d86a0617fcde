import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listen, type RunningServer } from '@kot/service-kit';
import { createTestTopics, EventTap, stackEnv } from '@kot/testing';
import {
  loadMailConfig,
  silentLogger,
  startMailCatcher,
  type CapturedMessage,
  type MailCatcher,
} from '@kot/simulators';
import { createNotificationService, type NotificationService } from '../app';
import { loadNotificationServiceConfig, type NotificationServiceConfig } from '../config';

export const TEST_ADMIN_TOKEN = 'notification-test-admin-token';

/** The mail catcher on real sockets; it can be stopped and brought back on the same ports and spool. */
export class MailBox {
  private constructor(
    private catcher: MailCatcher | null,
    readonly smtpPort: number,
    readonly httpPort: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<MailBox> {
    const dir = mkdtempSync(path.join(tmpdir(), 'kot-mail-'));
    const catcher = await startMailCatcher(
      loadMailConfig({ MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0', MAIL_DIR: dir }),
      { log: silentLogger },
    );
    return new MailBox(catcher, catcher.smtpPort, catcher.httpPort, dir);
  }

  async close(): Promise<void> {
    await this.catcher?.close();
    this.catcher = null;
  }

  async restart(): Promise<void> {
    const config = loadMailConfig({
      MAIL_SMTP_PORT: String(this.smtpPort),
      MAIL_HTTP_PORT: String(this.httpPort),
      MAIL_DIR: this.dir,
    });
    this.catcher = await startMailCatcher(config, { log: silentLogger });
  }

  /** Captured messages for an order, read through the catcher's HTTP API, oldest first. */
  async forOrder(orderId: string): Promise<CapturedMessage[]> {
    const response = await fetch(
      `http://127.0.0.1:${this.httpPort}/api/messages?orderId=${encodeURIComponent(orderId)}`,
    );
    return (await response.json()) as CapturedMessage[];
  }

  async dispose(): Promise<void> {
    await this.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface NotificationHarness {
  url: string;
  service: NotificationService;
  config: NotificationServiceConfig;
  tap: EventTap;
  mail: MailBox;
  topic: string;
  /** Another instance on the same topic and database, not started (tests start the parts they need). */
  createInstance(env?: Record<string, string>): Promise<NotificationService>;
  stop(): Promise<void>;
}

/**
 * The notification service in-process against the real Kafka, registry and Postgres, sending through
 * the mail catcher on real sockets, with a tap on a topic of its own. Tests play the order service by
 * publishing its events.
 */
export async function startNotificationHarness(
  prefix: string,
  env: Record<string, string> = {},
): Promise<NotificationHarness> {
  const { topic, deadLetterTopic } = await createTestTopics(prefix);
  const mail = await MailBox.start();
  const baseEnv = {
    ...stackEnv('notification_service'),
    KAFKA_TOPIC: topic,
    KAFKA_DLQ_TOPIC: deadLetterTopic,
    KAFKA_GROUP_ID: `notification-service-${randomUUID().slice(0, 8)}`,
    SMTP_PORT: String(mail.smtpPort),
    SERVICE_PORT: '0',
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    DISPATCH_INTERVAL_MS: '100',
    NOTIFY_RETRY_BASE_MS: '200',
    NOTIFY_RETRY_MAX_MS: '1000',
    NOTIFY_MAX_ATTEMPTS: '50',
    SMTP_BREAKER_RESET_MS: '1000',
    SMTP_TIMEOUT_MS: '3000',
    SMTP_SEND_DEADLINE_MS: '6000',
    SMTP_SEND_RETRIES: '1',
    ...env,
  };
  const config = loadNotificationServiceConfig(baseEnv);
  const instances: NotificationService[] = [];
  const createInstance = async (extra: Record<string, string> = {}) => {
    const instance = await createNotificationService(loadNotificationServiceConfig({ ...baseEnv, ...extra }));
    instances.push(instance);
    return instance;
  };
  const service = await createInstance();
  const server: RunningServer = await listen(service.app, 0);
  await service.start();
  const tap = await new EventTap(topic).start();
  return {
    url: server.url,
    service,
    config,
    tap,
    mail,
    topic,
    createInstance,
    async stop() {
      await tap.stop();
      await server.close(1000);
      for (const instance of instances) await instance.stop().catch(() => undefined);
      await mail.dispose();
    },
  };
}
