// The notification service's tables as the consumer and the REST API see them: the copy of each
// order and the email owed for each (order, milestone). Dispatch-side writes live in dispatch-store.ts.
import type { Milestone, OrderLine } from '@kot/events';
import type { Cause, PgTx } from '@kot/messaging';
import type { Notification } from '../generated/prisma/client';
import type { NotificationStatus, OrderSnapshot } from '../notifications/milestones';
import type { RenderedEmail } from '../notifications/templates/render';
import type { NotificationDb } from './prisma';

/** Keeps the first OrderPlaced seen for an order; a republished copy changes nothing. */
export async function saveOrder(tx: PgTx, order: OrderSnapshot): Promise<void> {
  await tx.query(
    `INSERT INTO notification_service.orders (order_id, customer_id, first_name, last_name, email, items, total_minor, currency, placed_at)
       VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb, $7, $8, $9) ON CONFLICT (order_id) DO NOTHING`,
    [
      order.orderId,
      order.customerId,
      order.firstName,
      order.lastName,
      order.email,
      JSON.stringify(order.items),
      order.totalMinor,
      order.currency,
      new Date(order.placedAt),
    ],
    'notification-save-order',
  );
}

interface OrderRow {
  order_id: string;
  customer_id: string;
  first_name: string;
  last_name: string;
  email: string;
  items: OrderLine[];
  total_minor: string;
  currency: string;
  placed_at: Date;
}

export async function findOrder(tx: PgTx, orderId: string): Promise<OrderSnapshot | null> {
  const [row] = await tx.query<OrderRow>(
    'SELECT * FROM notification_service.orders WHERE order_id = $1::uuid',
    [orderId],
    'notification-find-order',
  );
  if (!row) return null;
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    items: row.items,
    totalMinor: Number(row.total_minor),
    currency: row.currency,
    placedAt: row.placed_at.getTime(),
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
export async function enqueueNotification(tx: PgTx, n: NewNotification): Promise<boolean> {
  const at = new Date(n.now);
  const inserted = await tx.query(
    `INSERT INTO notification_service.notifications (id, order_id, milestone, status, recipient, subject, text_body, html_body, message_id,
         next_attempt_at, correlation_id, causation_id, traceparent, created_at, updated_at)
       VALUES ($1::uuid, $2::uuid, $3, 'PENDING', $4, $5, $6, $7, $8, $9, $10, $11, $12, $9, $9)
       ON CONFLICT DO NOTHING RETURNING id`,
    [
      n.id,
      n.orderId,
      n.milestone,
      n.recipient,
      n.email.subject,
      n.email.text,
      n.email.html,
      n.messageId,
      at,
      n.cause.correlationId,
      n.cause.causationId,
      n.cause.traceparent,
    ],
    'notification-enqueue',
  );
  return inserted.length === 1;
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
    id: row.id,
    orderId: row.orderId,
    milestone: row.milestone,
    status: row.status,
    recipient: row.recipient,
    subject: row.subject,
    messageId: row.messageId,
    attempts: row.attempts,
    lastError: row.lastError,
    providerMessageId: row.providerMessageId,
    providerResponse: row.providerResponse,
    nextAttemptAt: owed ? row.nextAttemptAt.toISOString() : null,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listNotifications(db: NotificationDb, orderId: string): Promise<NotificationView[]> {
  const rows = await db.notification.findMany({ where: { orderId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map(toView);
}

export type RetryReset =
  { kind: 'reset'; notification: NotificationView } | { kind: 'not-found' } | { kind: 'not-failed'; status: string };

/** Puts a FAILED email back in the queue with a fresh attempt budget; the dispatcher sends it next. */
export async function resetFailedNotification(db: NotificationDb, id: string, now: number): Promise<RetryReset> {
  const at = new Date(now);
  const { count } = await db.notification.updateMany({
    where: { id, status: 'FAILED' satisfies NotificationStatus },
    data: {
      status: 'PENDING' satisfies NotificationStatus,
      attempts: 0,
      nextAttemptAt: at,
      claimToken: null,
      updatedAt: at,
    },
  });
  const row = await db.notification.findUnique({ where: { id } });
  if (!row) return { kind: 'not-found' };
  return count === 1 ? { kind: 'reset', notification: toView(row) } : { kind: 'not-failed', status: row.status };
}
