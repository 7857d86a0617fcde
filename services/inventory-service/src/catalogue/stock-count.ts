import { ConflictError } from '@kot/service-kit';
import type { StockChange, StockLevel } from '../reservations/reservation';

/**
 * PUT /inventory/:id/stock SETS the on-hand count (a warehouse stock count), it does not add to it:
 * PUT must be idempotent, and a recount is what warehouses report. Units already held for orders are
 * part of on-hand, so the count may not go below them. Returns null when nothing changes.
 */
export function decideStockCount(level: StockLevel, quantity: number): StockChange | null {
  if (quantity < level.reserved) {
    throw new ConflictError(
      `on-hand stock of ${level.productId} cannot be set to ${quantity}: ${level.reserved} units are reserved for orders`,
      { code: 'STOCK_BELOW_RESERVED' },
    );
  }
  const delta = quantity - level.onHand;
  return delta === 0 ? null : { productId: level.productId, kind: 'RESTOCK', onHandDelta: delta, reservedDelta: 0 };
}

/** The stock put in by the initial catalogue or a reset: on-hand moves to the target, never below what is held. */
export function decideCatalogueReset(level: StockLevel, target: number): StockChange | null {
  return decideStockCount(level, Math.max(target, level.reserved));
}
