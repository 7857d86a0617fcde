import { randomUUID } from 'node:crypto';
import { sampleCustomer, sampleEvent } from '@kot/events';
import { eventually } from '@kot/testing';
import type { NotificationService } from '../app';
import type { NotificationView } from './notification-queries';
import { startNotificationHarness, type NotificationHarness } from '../testing/notification-harness';
import { SlowSmtpServer, type SlowSmtpOptions } from '../testing/slow-smtp-server';

// Exactly one email per (order, milestone) against an SMTP server that is slow but working. Timeouts
// are scaled down (1 s per SMTP phase) so each case runs in seconds; the dispatchers here are extra
// instances on the harness's database, while the harness's own dispatcher stays stopped.
let h: NotificationHarness;
const servers: SlowSmtpServer[] = [];
beforeAll(async () => {
  h = await startNotificationHarness('slow-smtp');
  await h.service.dispatcher.stop();
});
afterAll(async () => {
  await h?.stop();
  for (const server of servers) await server.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function slowServer(options: SlowSmtpOptions): Promise<SlowSmtpServer> {
  const server = await SlowSmtpServer.start(options);
  servers.push(server);
  return server;
}

/** Dispatchers sending to `server`, started; the lease is whatever the configuration settles on. */
async function dispatchers(
  count: number,
  server: SlowSmtpServer,
  env: Record<string, string>,
): Promise<NotificationService[]> {
  const instances: NotificationService[] = [];
  for (let i = 0; i < count; i++)
    instances.push(
      await h.createInstance({
        SMTP_PORT: String(server.port),
        SMTP_TIMEOUT_MS: '1000',
        SMTP_SEND_RETRIES: '1',
        ...env,
      }),
    );
  for (const instance of instances) instance.dispatcher.start();
  return instances;
}

async function placeOrder(): Promise<{ orderId: string; messageId: string }> {
  const orderId = randomUUID();
  const customer = sampleCustomer({ email: `slow-${orderId.slice(0, 8)}@example.com` });
  await h.tap.publish(sampleEvent('OrderPlaced', { orderId, customer }), { producer: 'order-service' });
  return { orderId, messageId: `<${orderId}.order-received@notifications.kafkaordertracking.local>` };
}

async function notification(orderId: string): Promise<NotificationView | undefined> {
  const response = await fetch(`${h.url}/api/v1/notifications?orderId=${orderId}`);
  return ((await response.json()) as { notifications: NotificationView[] }).notifications[0];
}

/** The first copy, then long enough for any second one (a retry or another dispatcher's send) to land. */
async function copiesAfterSettling(server: SlowSmtpServer, messageId: string, settleMs: number): Promise<number> {
  await eventually(() => server.copiesOf(messageId) > 0, `a copy of ${messageId}`, 30_000);
  await sleep(settleMs);
  return server.copiesOf(messageId);
}

async function stopAll(instances: NotificationService[]): Promise<void> {
  for (const instance of instances) await instance.dispatcher.stop();
}

describe('one email per milestone against a slow SMTP server', () => {
  it('a conversation slower than four SMTP timeouts, each reply in time, is waited for and not retried alongside', async () => {
    // Six replies 0.7 s apart: 4.2 s, every phase within its 1 s timeout.
    const server = await slowServer({ replyDelayMs: 700 });
    const instances = await dispatchers(1, server, { SMTP_SEND_DEADLINE_MS: '6000' });
    try {
      const { orderId, messageId } = await placeOrder();
      expect(await copiesAfterSettling(server, messageId, 6000)).toBe(1);
      expect(await notification(orderId)).toMatchObject({ status: 'SENT', attempts: 1 });
    } finally {
      await stopAll(instances);
    }
  });

  it('two dispatchers: a send whose first attempt hangs and second is slow is not taken over and sent again', async () => {
    const server = await slowServer({ replyDelayMs: 300, hangFirstConnections: 1 });
    const instances = await dispatchers(2, server, { SMTP_SEND_DEADLINE_MS: '2500' });
    try {
      const { orderId, messageId } = await placeOrder();
      expect(await copiesAfterSettling(server, messageId, 5000)).toBe(1);
      expect(await notification(orderId)).toMatchObject({ status: 'SENT', attempts: 1 });
      expect(server.connections).toHaveLength(2);
    } finally {
      await stopAll(instances);
    }
  });

  it('a conversation past its deadline is cut, socket and all, so it cannot deliver behind a retry', async () => {
    const server = await slowServer({ replyDelayMs: 700 });
    const instances = await dispatchers(1, server, { SMTP_SEND_DEADLINE_MS: '2000', NOTIFY_MAX_ATTEMPTS: '1' });
    try {
      const { orderId } = await placeOrder();
      await eventually(
        async () => (await notification(orderId))?.status === 'FAILED',
        'the email to fail for good',
        30_000,
      );
      await sleep(3000);
      expect(server.received).toEqual([]);
      expect(server.connections).toHaveLength(2);
      for (const seen of server.connections) expect((seen.closedAt ?? Infinity) - seen.openedAt).toBeLessThan(2500);
      expect((await notification(orderId))?.lastError).toMatch(/EABORT/);
    } finally {
      await stopAll(instances);
    }
  });
});
