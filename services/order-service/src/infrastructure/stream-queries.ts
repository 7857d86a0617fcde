import type { Prisma } from '../generated/prisma/client';
import { fold, toRecorded, type LoadedStream } from './event-store';
import type { OrderDb } from './prisma';

/** Prisma's client or one of its interactive transactions (getOrder reads a snapshot in one). */
type OrderReader = OrderDb | Prisma.TransactionClient;

/**
 * An order's whole stream for people to read (timeline, GET /orders/:id), through Prisma like every read;
 * rows are decoded and upcast by the event store's own toRecorded, so both sides see the same events.
 */
export async function readStream(db: OrderReader, orderId: string): Promise<LoadedStream> {
  const rows = await db.storedEvent.findMany({
    where: { streamId: orderId },
    orderBy: { version: 'asc' },
    select: { version: true, type: true, schemaVersion: true, data: true, metadata: true, recordedAt: true },
  });
  const events = rows.map((row) =>
    toRecorded({
      version: row.version,
      type: row.type,
      schema_version: row.schemaVersion,
      data: row.data,
      metadata: row.metadata,
      recorded_at: row.recordedAt,
    }),
  );
  return { state: fold(orderId, events), events };
}
