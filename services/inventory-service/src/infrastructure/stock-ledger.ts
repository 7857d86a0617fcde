import type { StockChange, StockLevel } from '../reservations/reservation';
import type { PgTx } from '@kot/postgres';

export interface Audit {
  actor: string;
  reason: string | null;
  orderId: string | null;
}

interface LevelRow {
  id: string;
  on_hand: number;
  reserved: number;
}

/**
 * Locks the products' rows and reads their stock. ORDER BY under FOR UPDATE takes the row locks in
 * that order, and every transaction that touches several products comes through here once, with all of
 * them (a batch of commands through lockAhead first), so transactions can wait for each other but never
 * deadlock. Unknown ids are simply absent.
 */
export async function lockStock(tx: PgTx, productIds: readonly string[]): Promise<Map<string, StockLevel>> {
  if (productIds.length === 0) return new Map();
  const rows = await tx.query<LevelRow>(
    `SELECT id, on_hand, reserved FROM inventory_service.products WHERE id = ANY($1::text[]) ORDER BY id COLLATE "C" FOR UPDATE`,
    [productIds],
    'stock-lock',
  );
  return new Map(rows.map((r) => [r.id, { productId: r.id, onHand: r.on_hand, reserved: r.reserved }]));
}

/**
 * Applies stock changes to rows this transaction has locked, and records each in the ledger. The
 * UPDATE is also guarded (and the table has CHECK constraints): if the counters were not what the
 * decision saw, the whole transaction fails rather than oversell.
 */
export async function applyStockChanges(tx: PgTx, changes: readonly StockChange[], audit: Audit): Promise<void> {
  for (const change of changes) {
    const updated = await tx.execute(
      `UPDATE inventory_service.products SET on_hand = on_hand + $2, reserved = reserved + $3, updated_at = now()
        WHERE id = $1 AND reserved + $3 >= 0 AND on_hand + $2 >= reserved + $3`,
      [change.productId, change.onHandDelta, change.reservedDelta],
      'stock-apply',
    );
    if (updated !== 1)
      throw new Error(
        `stock of ${change.productId} does not allow ${change.kind} (${change.onHandDelta}/${change.reservedDelta})`,
      );
  }
  if (changes.length === 0) return;
  await tx.query(
    `INSERT INTO inventory_service.stock_movements (product_id, kind, on_hand_delta, reserved_delta, order_id, actor, reason)
       SELECT c->>'productId', c->>'kind', (c->>'onHandDelta')::int, (c->>'reservedDelta')::int, $2, $3, $4
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(c, n) ORDER BY n`,
    [
      JSON.stringify(
        changes.map(({ productId, kind, onHandDelta, reservedDelta }) => ({
          productId,
          kind,
          onHandDelta,
          reservedDelta,
        })),
      ),
      audit.orderId,
      audit.actor,
      audit.reason,
    ],
    'stock-movements',
  );
}
