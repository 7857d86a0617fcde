import type { StockLine } from '@kot/events';
import { ValidationError, type FieldError } from '@kot/service-kit';

/**
 * An order's reservation as inventory keeps it: one per order, a small state machine.
 * HELD expires unless the order is CONFIRMED (or released) in time; the saga asks for the confirmation
 * once the order is paid for, before it books a parcel. COMMITTED means the goods left.
 * REJECTED remembers the answer so a re-request gets the same one.
 */
export interface Shortage {
  productId: string;
  requested: number;
  available: number;
}

export type Reservation =
  | { status: 'NONE' }
  | { status: 'HELD'; lines: StockLine[]; expiresAt: number }
  | { status: 'CONFIRMED' | 'COMMITTED' | 'RELEASED' | 'EXPIRED'; lines: StockLine[] }
  | { status: 'REJECTED'; shortage: Shortage };

export type ReservationStatus = Reservation['status'];

/** Stock of one product as read under its row lock; available = onHand - reserved. */
export interface StockLevel {
  productId: string;
  onHand: number;
  reserved: number;
}

export type MovementKind = 'RESERVE' | 'RELEASE' | 'COMMIT' | 'RESTOCK' | 'EXPIRE';

/** One change of one product's counters; every change is also written to the movement ledger. */
export interface StockChange {
  productId: string;
  kind: MovementKind;
  onHandDelta: number;
  reservedDelta: number;
}

export type InventoryCommand =
  | { type: 'Reserve'; orderId: string; items: StockLine[]; now: number }
  | { type: 'Release'; orderId: string }
  | { type: 'Confirm'; orderId: string; items: StockLine[] }
  | { type: 'Commit'; orderId: string }
  | { type: 'Expire'; orderId: string; now: number };

/**
 * What the decider reads under lock: the order's reservation and the stock of the products involved
 * (productsToLock). Unknown products are simply absent from the map.
 */
export interface ReservationState {
  reservation: Reservation;
  stock: ReadonlyMap<string, StockLevel>;
}

export interface ReservationPolicy {
  ttlMs: number;
}

export const availableOf = (level: StockLevel | undefined): number => (level ? level.onHand - level.reserved : 0);

export function linesOf(reservation: Reservation): StockLine[] {
  return 'lines' in reservation ? reservation.lines : [];
}

/**
 * Normalises requested lines: the same product twice becomes one line with the summed quantity
 * (keeping first-seen order, so "the first short product" means the first one the customer listed).
 * Quantities that are not positive integers break the contract: the event is refused, not guessed at.
 */
export function mergeLines(items: readonly StockLine[]): StockLine[] {
  const errors: FieldError[] = [];
  items.forEach((line, i) => {
    if (!line.productId) errors.push({ field: `items.${i}.productId`, message: 'must not be empty' });
    if (!Number.isInteger(line.quantity) || line.quantity <= 0)
      errors.push({ field: `items.${i}.quantity`, message: 'must be a positive integer' });
  });
  if (items.length === 0) errors.push({ field: 'items', message: 'must list at least one line' });
  if (errors.length > 0) throw new ValidationError(errors, 'the reservation request is malformed');
  const merged = new Map<string, number>();
  for (const { productId, quantity } of items) merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}

/** The first line the stock cannot cover, in request order; undefined when every line fits. */
export function firstShortage(
  lines: readonly StockLine[],
  stock: ReadonlyMap<string, StockLevel>,
): Shortage | undefined {
  for (const { productId, quantity } of lines) {
    const available = Math.max(0, availableOf(stock.get(productId)));
    if (available < quantity) return { productId, requested: quantity, available };
  }
  return undefined;
}
