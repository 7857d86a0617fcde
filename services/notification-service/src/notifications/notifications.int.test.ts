import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { sampleCustomer, sampleEvent, type OrderEvent } from '@kot/events';
import { eventually } from '@kot/testing';
import { claimDue } from '../infrastructure/dispatch-store';
import type { NotificationView } from '../infrastructure/notification-queries';
import { startNotificationHarness, TEST_ADMIN_TOKEN, type NotificationHarness } from '../testing/notification-harness';

let h: NotificationHarness;
beforeAll(async () => {
  h = await startNotificationHarness('notifications');
});
afterAll(async () => {
  await h?.stop();
});

const publish = (event: OrderEvent, options: { eventId?: string; correlationId?: string } = {}) =>
  h.tap.publish(event, { producer: 'order-service', ...options });

/** A fresh order with its own customer address, so every assertion is about this order's mail only. */
function newOrder(firstName = 'Ada') {
  const orderId = randomUUID();
  const email = `customer-${orderId.slice(0, 8)}@example.com`;
  return {
    orderId,
    email,
    placed: sampleEvent('OrderPlaced', { orderId, customer: sampleCustomer({ firstName, email }) }),
  };
}

async function notifications(orderId: string): Promise<NotificationView[]> {
  const response = await fetch(`${h.url}/api/v1/notifications?orderId=${orderId}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { notifications: NotificationView[] }).notifications;
}

const emailsArrive = (orderId: string, count: number) =>
  eventually(
    async () => {
      const mails = await h.mail.forOrder(orderId);
      return mails.length >= count ? mails : undefined;
    },
    `${count} emails for ${orderId}`,
    30_000,
  );

/** NotificationSent events of one order as they travelled on the topic, with their data typed. */
const sentEvents = (orderId: string) =>
  h.tap
    .of(orderId, 'NotificationSent')
    .flatMap((t) => (t.event.type === 'NotificationSent' ? [{ ...t, data: t.event.data }] : []));

describe('customer emails against real Kafka, Postgres and an SMTP mail catcher', () => {
  it('a delivered order produces exactly its four emails, in order, escaped and traceable', async () => {
    const { orderId, email, placed } = newOrder('<script>alert("pwned")</script>');
    const correlationId = `corr-${orderId}`;
    for (const event of [
      placed,
      sampleEvent('OrderConfirmed', { orderId }),
      sampleEvent('OrderShipped', { orderId, carrier: 'UPS', trackingNumber: 'TRK-8842-1Z' }),
      sampleEvent('OrderDelivered', { orderId }),
    ]) {
      await publish(event, { correlationId });
    }
    await eventually(() => sentEvents(orderId).length === 4, 'four NotificationSent events', 30_000);
    await new Promise((r) => setTimeout(r, 500));
    const mails = await h.mail.forOrder(orderId);
    const ref = `#${orderId.slice(0, 8).toUpperCase()}`;
    expect(mails.map((m) => m.subject)).toEqual([
      `We've received your order ${ref}`,
      `Your order ${ref} is confirmed`,
      `Your order ${ref} is on its way`,
      `Your order ${ref} has been delivered`,
    ]);
    expect(mails.every((m) => m.to.length === 1 && m.to[0] === email && m.envelope.rcptTo.join() === email)).toBe(true);
    expect(
      mails.every((m) => m.headers['x-order-id'] === orderId && m.from === 'orders@kafkaordertracking.local'),
    ).toBe(true);
    const shipped = mails[2]!;
    expect(shipped.messageId).toBe(`<${orderId}.order-shipped@notifications.kafkaordertracking.local>`);
    expect(shipped.text).toContain('Tracking number: TRK-8842-1Z');
    expect(shipped.html).toContain('TRK-8842-1Z');
    expect(mails[0]!.text).toContain('Total: $168.96');
    for (const mail of mails) {
      expect(mail.html).toContain('Hi &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;,');
      expect(mail.html).not.toContain('<script');
    }

    const sent = sentEvents(orderId);
    expect(sent.map((t) => t.data).sort((a, b) => a.messageId.localeCompare(b.messageId))).toEqual(
      mails
        .map((m) => ({ orderId, milestone: expect.any(String), recipient: email, messageId: m.messageId ?? '' }))
        .sort((a, b) => a.messageId.localeCompare(b.messageId)),
    );
    expect(sent.map((t) => t.data.milestone).sort()).toEqual([
      'ORDER_CONFIRMED',
      'ORDER_DELIVERED',
      'ORDER_RECEIVED',
      'ORDER_SHIPPED',
    ]);
    expect(
      sent.every(
        (t) =>
          t.headers['correlation-id'] === correlationId &&
          t.headers.producer === 'notification-service' &&
          t.key === orderId,
      ),
    ).toBe(true);
    const rows = await notifications(orderId);
    expect(rows.map((n) => [n.milestone, n.status, n.attempts])).toEqual([
      ['ORDER_RECEIVED', 'SENT', 1],
      ['ORDER_CONFIRMED', 'SENT', 1],
      ['ORDER_SHIPPED', 'SENT', 1],
      ['ORDER_DELIVERED', 'SENT', 1],
    ]);
    expect(rows.every((n) => /queued as/.test(n.providerResponse ?? ''))).toBe(true);
    // The server's own id for each message is what its logs (here, its API) know the message by.
    expect(new Set(rows.map((n) => n.providerMessageId))).toEqual(new Set(mails.map((m) => m.id)));
  });

  it('a cancelled order tells the customer which product ran out', async () => {
    const { orderId, placed } = newOrder();
    await publish(placed);
    await publish(
      sampleEvent('OrderCancelled', {
        orderId,
        reason: 'OUT_OF_STOCK',
        productId: 'sku-usb-c-cable',
        detail: 'sku-usb-c-cable is out of stock (requested 3, available 1)',
      }),
    );
    const [, cancelled] = await emailsArrive(orderId, 2);
    expect(cancelled?.subject).toMatch(/has been cancelled$/);
    expect(cancelled?.text).toContain(
      'Unfortunately sku-usb-c-cable is out of stock (you ordered 3), so we could not fulfil your order.',
    );
    expect(cancelled?.text).toContain('You have not been charged.');
  });

  it('a redelivered event, or a second event for the same milestone, sends no second email', async () => {
    const { orderId, placed } = newOrder();
    await publish(placed);
    const eventId = await publish(sampleEvent('OrderConfirmed', { orderId }));
    await publish(sampleEvent('OrderConfirmed', { orderId }), { eventId });
    await publish(sampleEvent('OrderConfirmed', { orderId }));
    await eventually(() => sentEvents(orderId).length === 2, 'two NotificationSent events', 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect((await h.mail.forOrder(orderId)).map((m) => m.subject)).toHaveLength(2);
    expect(
      sentEvents(orderId)
        .map((t) => t.data.milestone)
        .sort(),
    ).toEqual(['ORDER_CONFIRMED', 'ORDER_RECEIVED']);
  });

  it('emails written while the mail server is down go out, once each, when it is back', async () => {
    const { orderId, placed } = newOrder();
    await h.mail.close();
    try {
      await publish(placed);
      await publish(sampleEvent('OrderShipped', { orderId, trackingNumber: 'TRK-OUTAGE-7' }));
      await eventually(
        async () =>
          (await notifications(orderId)).some(
            (n) => n.status === 'PENDING' && n.attempts > 0 && /ECONNREFUSED|SMTP/.test(n.lastError ?? ''),
          ),
        'a failed send attempt',
        30_000,
      );
      await new Promise((r) => setTimeout(r, 3000));
      expect(sentEvents(orderId)).toHaveLength(0);
    } finally {
      await h.mail.restart();
    }
    const mails = await emailsArrive(orderId, 2);
    await eventually(() => sentEvents(orderId).length === 2, 'two NotificationSent events', 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await h.mail.forOrder(orderId)).toHaveLength(2);
    expect(mails[1]?.text).toContain('TRK-OUTAGE-7');
    expect((await notifications(orderId)).map((n) => n.status)).toEqual(['SENT', 'SENT']);
  });

  it('an email that keeps failing is marked FAILED with NotificationFailed, and an admin retry sends it', async () => {
    await h.service.dispatcher.stop();
    const broken = await h.createInstance({
      SMTP_PORT: String(await unusedPort()),
      NOTIFY_MAX_ATTEMPTS: '2',
      SMTP_SEND_RETRIES: '0',
      NOTIFY_RETRY_BASE_MS: '100',
    });
    const { orderId, email, placed } = newOrder();
    try {
      broken.dispatcher.start();
      await publish(placed);
      const failed = await h.tap.waitFor(orderId, 'NotificationFailed', 30_000);
      expect(failed.event.data).toMatchObject({ orderId, milestone: 'ORDER_RECEIVED', recipient: email });
      expect(failed.event.data.error).toMatch(/ECONNREFUSED|SMTP/);
    } finally {
      await broken.dispatcher.stop();
      h.service.dispatcher.start();
    }
    const [row] = await notifications(orderId);
    if (!row) throw new Error('the failed notification is not listed');
    expect(row).toMatchObject({ status: 'FAILED', attempts: 2, lastError: expect.stringMatching(/ECONNREFUSED|SMTP/) });

    const retry = (id: string, token?: string) =>
      fetch(`${h.url}/api/v1/notifications/${id}/retry`, {
        method: 'POST',
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const anonymous = await retry(row.id);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await retry(row.id, 'not-the-admin-token')).status).toBe(403);
    expect((await retry('not-a-uuid', TEST_ADMIN_TOKEN)).status).toBe(400);
    expect((await retry(randomUUID(), TEST_ADMIN_TOKEN)).status).toBe(404);
    const accepted = await retry(row.id, TEST_ADMIN_TOKEN);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ id: row.id, status: 'PENDING', attempts: 0 });

    const [mail] = await emailsArrive(orderId, 1);
    expect(mail?.to).toEqual([email]);
    await h.tap.waitFor(orderId, 'NotificationSent');
    expect((await notifications(orderId))[0]).toMatchObject({ status: 'SENT', attempts: 1, lastError: null });
    expect((await retry(row.id, TEST_ADMIN_TOKEN)).status).toBe(409);
  });

  it('a dispatcher that dies after the server accepted an email: the lease runs out, the email goes again with the same Message-ID, recorded once', async () => {
    await h.service.dispatcher.stop();
    const { orderId, placed } = newOrder();
    try {
      await publish(placed);
      await eventually(async () => (await notifications(orderId))[0]?.status === 'PENDING', 'the email to be queued');
      // What a crashed instance leaves behind: a claim with a lease, and a message the server accepted.
      const claimed = (await claimDue(h.service.sql, Date.now(), 1500, 50, randomUUID())).find(
        (row) => row.orderId === orderId,
      );
      if (!claimed) throw new Error('the queued email was not claimable');
      await h.service.sender.send({
        orderId,
        to: claimed.recipient,
        subject: claimed.subject,
        text: claimed.textBody,
        html: claimed.htmlBody,
        messageId: claimed.messageId,
      });
    } finally {
      h.service.dispatcher.start();
    }
    await eventually(() => sentEvents(orderId).length === 1, 'NotificationSent after the lease ran out', 30_000);
    const mails = await h.mail.forOrder(orderId);
    expect(mails).toHaveLength(2);
    expect(new Set(mails.map((m) => m.messageId))).toEqual(
      new Set([`<${orderId}.order-received@notifications.kafkaordertracking.local>`]),
    );
    expect((await notifications(orderId)).map((n) => [n.status, n.attempts])).toEqual([['SENT', 1]]);
  });

  it('rejects a malformed or missing orderId with 400 and lists nothing for an unknown order', async () => {
    const malformed = await fetch(`${h.url}/api/v1/notifications?orderId=12345`);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await malformed.json()) as { detail: string }).detail).toMatch(/orderId "12345" is not a UUID/);
    expect((await fetch(`${h.url}/api/v1/notifications`)).status).toBe(400);
    expect(await notifications(randomUUID())).toEqual([]);
  });

  it('reports its dependencies, including the SMTP breaker, on /health/ready', async () => {
    const response = await fetch(`${h.url}/health/ready`);
    const body = (await response.json()) as { checks: Record<string, unknown> };
    expect(response.status).toBe(200);
    expect(Object.keys(body.checks).sort()).toEqual([
      'consumer',
      'kafka',
      'postgres',
      'schema-registry',
      'smtp-breaker',
    ]);
    expect(body.checks['smtp-breaker']).toEqual({ ok: true, detail: 'closed' });
  });
});

/** A port nothing listens on: bind to 0, note the port, close. */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
