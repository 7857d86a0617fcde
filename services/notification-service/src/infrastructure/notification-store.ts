// The notification service's writes (plain pg): the copy of each order, the email owed for each (order,
// milestone) and an operator's retry. Dispatch-side writes live in dispatch-store.ts, reads for the REST
// API in notification-queries.ts.
import type { Milestone, OrderLine } from '@kot/events';
import type { Cause } from '@kot/messaging';
import type { PgTx } from '@kot/postgres';
import type { NotificationStatus, OrderSnapshot } from '../notifications/milestones';
import type { RenderedEmail } from '../notifications/templates/render';

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

export type RetryReset = { kind: 'reset' } | { kind: 'not-found' } | { kind: 'not-failed'; status: string };

/** Puts a FAILED email back in the queue with a fresh attempt budget; the dispatcher sends it next. */
export async function resetFailedNotification(tx: PgTx, id: string, now: number): Promise<RetryReset> {
  const reset = await tx.execute(
    `UPDATE notification_service.notifications
        SET status = 'PENDING', attempts = 0, next_attempt_at = $2, claim_token = NULL, updated_at = $2
      WHERE id = $1::uuid AND status = 'FAILED'`,
    [id, new Date(now)],
  );
  if (reset === 1) return { kind: 'reset' };
  const [row] = await tx.query<{ status: NotificationStatus }>(
    'SELECT status FROM notification_service.notifications WHERE id = $1::uuid',
    [id],
  );
  return row ? { kind: 'not-failed', status: row.status } : { kind: 'not-found' };
}
