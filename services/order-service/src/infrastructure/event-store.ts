import type { OrderEvent } from '@kot/events';
import type { EventMetadata, OutgoingEvent } from '@kot/messaging';
import { ConcurrencyError } from '@kot/service-kit';
import { evolve, initialState, type OrderState } from '../orders/order-state';
import type { OrderTx } from './prisma';

export interface RecordedEvent {
  version: number;
  event: OrderEvent;
  metadata: EventMetadata;
  recordedAt: Date;
}

export interface LoadedStream {
  state: OrderState;
  events: RecordedEvent[];
}

type Row = { version: number; type: string; data: unknown; metadata: unknown; recordedAt: Date };

function toRecorded(row: Row): RecordedEvent {
  return { version: row.version, event: { type: row.type, data: row.data } as OrderEvent, metadata: row.metadata as EventMetadata, recordedAt: row.recordedAt };
}

/** Reads an order's stream and folds it into its current state. */
export async function loadStream(tx: Pick<OrderTx, 'storedEvent'>, orderId: string): Promise<LoadedStream> {
  const rows = await tx.storedEvent.findMany({ where: { streamId: orderId }, orderBy: { version: 'asc' }, select: { version: true, type: true, data: true, metadata: true, recordedAt: true } });
  const events = rows.map(toRecorded);
  const state = events.reduce((s, e) => evolve(s, e.event, e.metadata.occurredAt), initialState(orderId));
  return { state, events };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'P2002' || code === '23505';
}

/**
 * Appends events at the versions after `expectedVersion`. A concurrent writer that appended first makes
 * the (stream_id, version) constraint fail: that is a retriable ConcurrencyError, never a lost update.
 */
export async function appendToStream(tx: OrderTx, orderId: string, expectedVersion: number, events: readonly OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return;
  try {
    await tx.storedEvent.createMany({
      data: events.map(({ event, metadata }, index) => ({
        streamId: orderId,
        version: expectedVersion + index + 1,
        eventId: metadata.eventId,
        type: event.type,
        data: event.data as object,
        metadata: metadata as unknown as object,
      })),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConcurrencyError(`order ${orderId} was changed concurrently (expected version ${expectedVersion})`, { cause: error });
    throw error;
  }
}
