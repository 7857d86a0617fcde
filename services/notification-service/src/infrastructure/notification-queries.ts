// Reads for the REST API, through Prisma; every write is plain pg in notification-store.ts.
import type { Notification } from '../generated/prisma/client';
import type { NotificationDb } from './prisma';

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

export async function findNotification(db: NotificationDb, id: string): Promise<NotificationView | null> {
  const row = await db.notification.findUnique({ where: { id } });
  return row ? toView(row) : null;
}
