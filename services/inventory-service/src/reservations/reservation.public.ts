import { assertNever } from '@kot/service-kit';
import type { OrderEvent, StockLine } from '@kot/events';
import type { ReservationEvent } from './reservation.events';

const reserved = (orderId: string, items: StockLine[]): OrderEvent => ({
  type: 'InventoryReserved',
  data: { orderId, items },
});

const kept = (orderId: string, items: StockLine[]): OrderEvent => ({
  type: 'InventoryConfirmed',
  data: { orderId, items },
});

const committed = (orderId: string, items: StockLine[]): OrderEvent => ({
  type: 'InventoryCommitted',
  data: { orderId, items },
});

/**
 * The one place inventory's own events become public (Avro) events. A fact and its restatement read
 * the same to the saga (that is what makes its retries safe): every decision answers someone.
 */
export function toPublic(event: ReservationEvent): OrderEvent {
  switch (event.type) {
    case 'StockReserved':
    case 'ReservationRestated':
      return reserved(event.orderId, event.lines);
    case 'ReservationConfirmed':
    case 'ExpiredHoldRetaken':
    case 'ConfirmationRestated':
      return kept(event.orderId, event.lines);
    case 'ReservationRejected':
    case 'RejectionRestated':
    case 'RetakeRefused':
      return { type: 'InventoryReservationRejected', data: { orderId: event.orderId, ...event.shortage } };
    case 'StockReleased':
      return { type: 'InventoryReleased', data: { orderId: event.orderId, items: event.lines, reason: event.reason } };
    case 'NothingReleased':
      // Answered all the same, so the saga's release request is never left waiting.
      return { type: 'InventoryReleased', data: { orderId: event.orderId, items: [], reason: 'REQUESTED' } };
    case 'StockCommitted':
    case 'CommitRestated':
      return committed(event.orderId, event.lines);
    default:
      return assertNever(event);
  }
}

/** A decision's public events, in the order decided. */
export const publicEvents = (events: readonly ReservationEvent[]): OrderEvent[] => events.map(toPublic);
