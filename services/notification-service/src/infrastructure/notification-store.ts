// The notification service's tables as the consumer and the REST API see them: the copy of each
// order and the email owed for each (order, milestone). Dispatch-side writes live in dispatch-store.ts.
import type { Milestone, OrderLine } from '@kot/events';
import type { Cause } from '@kot/messaging';
import type { Notification } from '../generated/prisma/client';
import type { NotificationStatus, OrderSnapshot } from '../notifications/milestones';
import type { RenderedEmail } from '../notifications/templates/render';
import type { NotificationDb, NotificationTx } from './prisma';

/** Keeps the first OrderPlaced seen for an order; a republished copy changes nothing. */
export async function saveOrder(tx: NotificationTx, order: OrderSnapshot): Promise<void> {
  await tx.customerOrder.createMany({
    skipDuplicates: true,
    data: [{
      orderId: order.orderId, customerId: order.customerId, firstName: order.firstName, lastName: order.lastName,
      email: order.email, items: order.items as unknown as object[], totalMinor: BigInt(order.totalMinor),
      currency: order.currency, placedAt: new Date(order.placedAt),
    }],
  });
}

export async function findOrder(tx: NotificationTx, orderId: string): Promise<OrderSnapshot | null> {
  const row = await tx.customerOrder.findUnique({ where: { orderId } });
  if (!row) return null;
  return {
    orderId: row.orderId, customerId: row.customerId, firstName: row.firstName, lastName: row.lastName, email: row.email,
    items: row.items as unknown as OrderLine[], totalMinor: Number(row.totalMinor), currency: row.currency, placedAt: row.placedAt.getTime(),
  };
}

export interface NewNotification {
  id: string;
  orderId: string;
  milestone: Milestone;
  recipient: string;
  email: RenderedEmail;
  messageId: string;
  cause: Cause & { causationId: string };
  now: number;
}

/** Records the email owed; returns false when this (order, milestone) already has one. */
export async function enqueueNotification(tx: NotificationTx, n: NewNotification): Promise<boolean> {
  const at = new Date(n.now);
  const { count } = await tx.notification.createMany({
    skipDuplicates: true,
    data: [{
      id: n.id, orderId: n.orderId, milestone: n.milestone, status: 'PENDING' satisfies NotificationStatus, recipient: n.recipient,
      subject: n.email.subject, textBody: n.email.text, htmlBody: n.email.html, messageId: n.messageId, nextAttemptAt: at,
      correlationId: n.cause.correlationId, causationId: n.cause.causationId, traceparent: n.cause.traceparent, createdAt: at, updatedAt: at,
    }],
  });
  return count === 1;
}

/** What the REST API shows of a notification: its state, never the rendered bodies. */
export interface NotificationView {
  id: string;
  orderId: string;
  milestone: string;
  status: string;
  recipient: string;
  subject: string;
  messageId: string;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  providerResponse: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toView(row: Notification): NotificationView {
  const owed = row.status === 'PENDING' || row.status === 'SENDING';
  return {
    id: row.id, orderId: row.orderId, milestone: row.milestone, status: row.status, recipient: row.recipient, subject: row.subject,
    messageId: row.messageId, attempts: row.attempts, lastError: row.lastError, providerMessageId: row.providerMessageId, providerResponse: row.providerResponse,
    nextAttemptAt: owed ? row.nextAttemptAt.toISOString() : null, sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listNotifications(db: NotificationDb, orderId: string): Promise<NotificationView[]> {
  const rows = await db.notification.findMany({ where: { orderId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map(toView);
}

export type RetryReset = { kind: 'reset'; notification: NotificationView } | { kind: 'not-found' } | { kind: 'not-failed'; status: string };

/** Puts a FAILED email back in the queue with a fresh attempt budget; the dispatcher sends it next. */
export async function resetFailedNotification(db: NotificationDb, id: string, now: number): Promise<RetryReset> {
  const at = new Date(now);
  const { count } = await db.notification.updateMany({
    where: { id, status: 'FAILED' satisfies NotificationStatus },
    data: { status: 'PENDING' satisfies NotificationStatus, attempts: 0, nextAttemptAt: at, claimToken: null, updatedAt: at },
  });
  const row = await db.notification.findUnique({ where: { id } });
  if (!row) return { kind: 'not-found' };
  return count === 1 ? { kind: 'reset', notification: toView(row) } : { kind: 'not-failed', status: row.status };
}
