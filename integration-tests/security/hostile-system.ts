// All five services for the hostile-input corpus: startSystem's order, inventory and shipping,
// plus notification (sending to a mail catcher) and analytics on the same topic and database.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEV_ADMIN_TOKEN, listen, type RunningServer } from '@kot/service-kit';
import { postgresHost, postgresPort, stackEnv, stopWithin } from '@kot/testing';
import { createAnalyticsService, type AnalyticsService } from 'analytics-service/src/app';
import { loadAnalyticsServiceConfig } from 'analytics-service/src/config';
import { createNotificationService, type NotificationService } from 'notification-service/src/app';
import { loadNotificationServiceConfig } from 'notification-service/src/config';
import { MailBox } from 'notification-service/src/testing/notification-harness';
import { startSystem, type System } from '../support/system';

export type ServiceName = 'order' | 'inventory' | 'shipping' | 'notification' | 'analytics';

/** startSystem leaves ADMIN_TOKEN unset, so inventory runs with the development token; so does notification here. */
export const ADMIN_TOKEN = DEV_ADMIN_TOKEN;

export const SERVICE_SCHEMAS = [
  'order_service',
  'inventory_service',
  'shipping_service',
  'notification_service',
  'analytics_service',
] as const;

export interface HostileSystem {
  urls: Record<ServiceName, string>;
  system: System;
  mail: MailBox;
  /** Row count of every table in the five service schemas, keyed schema.table. */
  rowCounts(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

function sharedEnv(system: System, role: string): Record<string, string> {
  return {
    ...stackEnv(role),
    KAFKA_TOPIC: system.topic,
    KAFKA_DLQ_TOPIC: `${system.topic}.dlq`,
    KAFKA_GROUP_ID: `${role}-${randomUUID().slice(0, 8)}`,
    SERVICE_PORT: '0',
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '4',
  };
}

async function countRows(): Promise<Record<string, number>> {
  const client = new Client({
    host: postgresHost(),
    port: postgresPort(),
    user: process.env.PGSUPERUSER ?? 'postgres',
    database: process.env.KOT_TEST_DATABASE ?? 'kot_test',
  });
  await client.connect();
  try {
    const tables = await client.query<{ schema: string; name: string }>(
      'SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema = ANY($1) AND table_type = $2 ORDER BY 1, 2',
      [SERVICE_SCHEMAS, 'BASE TABLE'],
    );
    const counts: Record<string, number> = {};
    for (const { schema, name } of tables.rows) {
      const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}"."${name}"`);
      counts[`${schema}.${name}`] = Number(result.rows[0]?.n ?? 0);
    }
    return counts;
  } finally {
    await client.end();
  }
}

export async function startHostileSystem(prefix: string): Promise<HostileSystem> {
  const system = await startSystem(prefix);
  const mail = await MailBox.start();
  const notification: NotificationService = await createNotificationService(
    loadNotificationServiceConfig({
      ...sharedEnv(system, 'notification_service'),
      SMTP_PORT: String(mail.smtpPort),
      ADMIN_TOKEN,
      DISPATCH_INTERVAL_MS: '100',
    }),
  );
  const analytics: AnalyticsService = await createAnalyticsService(
    loadAnalyticsServiceConfig(sharedEnv(system, 'analytics_service')),
  );
  const servers: RunningServer[] = [];
  for (const service of [notification, analytics]) {
    servers.push(await listen(service.app, 0));
    await service.start();
  }
  const [notificationServer, analyticsServer] = servers as [RunningServer, RunningServer];
  return {
    urls: { ...system.urls, notification: notificationServer.url, analytics: analyticsServer.url },
    system,
    mail,
    rowCounts: countRows,
    async stop() {
      for (const server of servers) await server.close(1000);
      await stopWithin('notification.stop', () => notification.stop());
      await stopWithin('analytics.stop', () => analytics.stop());
      await stopWithin('system.stop', () => system.stop());
      await stopWithin('mail.dispose', () => mail.dispose());
    },
  };
}
