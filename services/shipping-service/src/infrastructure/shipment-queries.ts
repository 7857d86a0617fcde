import { MalformedRequestError, NotFoundError } from '@kot/service-kit';
import type { ShippingDb } from './prisma';

export interface ListQuery {
  status?: string;
  limit: number;
  cursor?: string;
}

interface Cursor {
  createdAt: string;
  id: string;
}

const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

const CURSOR_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const LATEST_INSTANT = Date.UTC(9999, 11, 31);

/** Client input: only what encodeCursor produces may reach the query (a NUL in the id made Postgres fail, a 500). */
function decodeCursor(text: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString()) as Cursor;
    const at = Date.parse(parsed.createdAt);
    if (typeof parsed.id === 'string' && CURSOR_ID.test(parsed.id) && at >= 0 && at <= LATEST_INSTANT) return parsed;
  } catch {
    /* fall through to the error below */
  }
  throw new MalformedRequestError('cursor is not valid; use the nextCursor value of a previous page', {
    code: 'INVALID_CURSOR',
  });
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

interface ShipmentRow {
  id: string;
  orderId: string;
  status: string;
  carrier: string | null;
  trackingNumber: string | null;
  estimatedDeliveryAt: Date | null;
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function summary(row: ShipmentRow) {
  return {
    shipmentId: row.id,
    orderId: row.orderId,
    status: row.status,
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    estimatedDeliveryAt: iso(row.estimatedDeliveryAt),
    failureReason: row.failureReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Newest first, keyset-paged on (created_at, id) so pages stay stable while shipments arrive. */
export async function listShipments(prisma: ShippingDb, query: ListQuery) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await prisma.shipment.findMany({
    where: {
      ...(query.status ? { status: query.status } : {}),
      ...(after
        ? {
            OR: [
              { createdAt: { lt: new Date(after.createdAt) } },
              { createdAt: new Date(after.createdAt), id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    shipments: page.map(summary),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
  };
}

/** An order's shipment with the carrier work still owed and its whole tracking history. */
export async function getShipmentOfOrder(prisma: ShippingDb, orderId: string) {
  const row = await prisma.shipment.findUnique({
    where: { orderId },
    include: { history: { orderBy: { id: 'asc' } } },
  });
  if (!row) throw new NotFoundError(`order ${orderId} has no shipment`, { code: 'SHIPMENT_NOT_FOUND' });
  return {
    ...summary(row),
    carrierRef: row.carrierRef,
    recipient: row.recipient,
    items: row.items,
    pending: row.pendingAction
      ? { action: row.pendingAction, dueAt: iso(row.dueAt), failedAttempts: row.attempts, lastError: row.lastError }
      : null,
    history: row.history.map((h) => ({
      status: h.status,
      location: h.location,
      occurredAt: h.occurredAt.toISOString(),
      recordedAt: h.recordedAt.toISOString(),
      source: h.source,
    })),
  };
}
