import { isUuid, MalformedRequestError, NotFoundError } from '@kot/service-kit';
import type { EventMetadata } from '@kot/messaging';
import type { OrderState } from '../saga/order.state';
import { toMajor } from '../orders/place-order.request';
import { readStream } from './stream-queries';
import type { OrderDb } from './prisma';

export interface ListQuery {
  status?: string;
  customerId?: string;
  limit: number;
  cursor?: string;
}

interface Cursor {
  createdAt: string;
  orderId: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

const LATEST_INSTANT = Date.UTC(9999, 11, 31);

/**
 * A cursor is client input: anything but what encodeCursor produced (a UUID and an instant Postgres
 * can store) would otherwise reach the query and fail there as a 500.
 */
export function decodeCursor(text: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString()) as Cursor;
    const at = Date.parse(parsed.createdAt);
    if (typeof parsed.orderId === 'string' && isUuid(parsed.orderId) && at >= 0 && at <= LATEST_INSTANT) return parsed;
  } catch {
    /* fall through to the error below */
  }
  throw new MalformedRequestError('cursor is not valid; use the nextCursor value of a previous page', {
    code: 'INVALID_CURSOR',
  });
}

/** Newest first, keyset-paged on (created_at, order_id) so pages stay stable while orders arrive. */
export async function listOrders(prisma: OrderDb, query: ListQuery) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await prisma.orderView.findMany({
    where: {
      ...(query.status ? { status: query.status } : {}),
      ...(query.customerId ? { customerId: query.customerId } : {}),
      ...(after
        ? {
            OR: [
              { createdAt: { lt: new Date(after.createdAt) } },
              { createdAt: new Date(after.createdAt), orderId: { lt: after.orderId } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { orderId: 'desc' }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    orders: page.map((row) => ({
      orderId: row.orderId,
      customerId: row.customerId,
      status: row.status,
      sagaStep: row.sagaStep,
      totalAmount: toMajor(Number(row.totalMinor)),
      currency: row.currency,
      itemCount: row.itemCount,
      cancelReason: row.cancelReason,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    })),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ createdAt: last.createdAt.toISOString(), orderId: last.orderId })
        : null,
  };
}

function describeState(state: OrderState) {
  return {
    customer: state.customer,
    items: state.items.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: toMajor(line.unitPriceMinor),
    })),
    totalAmount: toMajor(state.totalMinor),
    currency: state.currency,
    inventory: state.inventory,
    payment: state.payment,
    shipment: state.shipment,
    cancellation: state.cancellation,
    waitingFor: state.waiting,
  };
}

/** One order with its current saga step, pending deadline and its whole timeline. */
export async function getOrder(prisma: OrderDb, orderId: string) {
  // One snapshot for both reads: separately, a commit landing between them could pair a CANCELLED row
  // with a stream that does not contain the cancellation yet.
  const [view, stream] = await prisma.$transaction(
    async (tx) => [await tx.orderView.findUnique({ where: { orderId } }), await readStream(tx, orderId)] as const,
    { isolationLevel: 'RepeatableRead' },
  );
  if (!view || stream.events.length === 0)
    throw new NotFoundError(`order ${orderId} does not exist`, { code: 'ORDER_NOT_FOUND' });
  return {
    orderId,
    status: view.status,
    sagaStep: view.sagaStep,
    correlationId: view.correlationId,
    pending: view.pendingAction
      ? { action: view.pendingAction, dueAt: view.dueAt?.toISOString() ?? null, failedAttempts: view.actionAttempts }
      : null,
    ...describeState(stream.state),
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
    timeline: stream.events.map(({ version, event, metadata, recordedAt }) =>
      timelineEntry(version, event.type, event.data, metadata, recordedAt),
    ),
  };
}

function timelineEntry(version: number, type: string, data: unknown, metadata: EventMetadata, recordedAt: Date) {
  return {
    version,
    type,
    eventId: metadata.eventId,
    producer: metadata.producer,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    occurredAt: new Date(metadata.occurredAt).toISOString(),
    recordedAt: recordedAt.toISOString(),
    data,
  };
}
