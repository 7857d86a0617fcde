import type { StockLine } from '@kot/events';
import type { Shortage } from './reservation';

/**
 * What the reservation decider can say happened, in inventory's own words. Deliberately narrower than
 * the public contract: the decider cannot emit another service's event, and reservation.public.ts is the
 * one place these become Avro events. Each event carries what evolve needs to compute both the new
 * reservation row and every stock movement, and what its public event needs, so neither reads the command.
 */
export type ReservationEvent = ReservationFact | ReservationAnswer;

/** Why held units went back to free stock; the public InventoryReleased names the same two reasons. */
export type ReleaseReason = 'REQUESTED' | 'EXPIRED';

/** Facts: each changes the reservation row; those naming lines also move stock. */
export type ReservationFact =
  /** Every line fitted: the units are held until `expiresAt` (the command's time plus the TTL). */
  | { type: 'StockReserved'; orderId: string; lines: StockLine[]; expiresAt: number }
  /** A line did not fit the request: nothing is held, and the answer is kept for a repeated request. */
  | { type: 'ReservationRejected'; orderId: string; shortage: Shortage }
  /** The paid-for order's hold was live: it stops expiring. */
  | { type: 'ReservationConfirmed'; orderId: string; lines: StockLine[] }
  /** Asked to keep stock the order no longer held (the hold expired while it paid) and it was still free: held again, confirmed. */
  | { type: 'ExpiredHoldRetaken'; orderId: string; lines: StockLine[] }
  /** A live hold went back to free stock: released on request, or expired because nobody confirmed it. */
  | { type: 'StockReleased'; orderId: string; lines: StockLine[]; reason: ReleaseReason }
  /**
   * Delivered goods left the warehouse: from the hold, or, when the hold had expired before the
   * delivery, from free stock (nothing is held any more, so only on-hand moves).
   */
  | { type: 'StockCommitted'; orderId: string; lines: StockLine[]; from: 'HOLD' | 'FREE_STOCK' };

/**
 * Answers: they change nothing. A repeated request (the saga retrying) gets the answer already given,
 * and a release with nothing live to give back is still answered, so the saga never waits in vain.
 */
export type ReservationAnswer =
  | { type: 'ReservationRestated'; orderId: string; lines: StockLine[] }
  | { type: 'RejectionRestated'; orderId: string; shortage: Shortage }
  | { type: 'ConfirmationRestated'; orderId: string; lines: StockLine[] }
  /**
   * Asked to keep stock the order no longer held, and a line no longer fits: the saga hears the rejection
   * before it has booked any parcel and undoes the order. The row stays as it was (a re-request may still
   * find the stock free).
   */
  | { type: 'RetakeRefused'; orderId: string; shortage: Shortage }
  | { type: 'NothingReleased'; orderId: string }
  | { type: 'CommitRestated'; orderId: string; lines: StockLine[] };
