import type { CatalogueEntry } from '../catalogue/catalogue.seed';
import { decideCatalogueReset } from '../catalogue/stock-count';
import type { Database, PgTx } from '@kot/postgres';
import { applyStockChanges, lockStock } from './stock-ledger';

/**
 * Start-up seeding: inserts catalogue products that do not exist yet, each with a RESTOCK movement, and
 * never touches existing ones. Safe to run on every start and from several instances at once: a
 * concurrent insert of the same id waits for the other and then does nothing.
 */
export async function seedMissingProducts(sql: Database, catalogue: readonly CatalogueEntry[]): Promise<number> {
  return sql.transaction(async (tx) => {
    let inserted = 0;
    for (const entry of catalogue) {
      const created = await tx.execute(
        `INSERT INTO inventory_service.products (id, name, price_minor, on_hand) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
        [entry.id, entry.name, entry.priceMinor, entry.onHand],
      );
      if (created === 0) continue;
      inserted += 1;
      await applyStockMovementOnly(tx, entry);
    }
    return inserted;
  });
}

/** The RESTOCK movement of a product inserted with its initial stock (the counters are already set). */
async function applyStockMovementOnly(tx: PgTx, entry: CatalogueEntry): Promise<void> {
  await tx.query(
    `INSERT INTO inventory_service.stock_movements (product_id, kind, on_hand_delta, reserved_delta, actor, reason) VALUES ($1, 'RESTOCK', $2, 0, 'seed', 'initial catalogue')`,
    [entry.id, entry.onHand],
  );
}

/**
 * `npm run seed`: makes the catalogue's names and prices current and sets each product's on-hand back
 * to the catalogue figure (never below what is held for live orders), through the ledger like any
 * other stock count. Products outside the catalogue are left alone.
 */
export async function resetCatalogue(
  sql: Database,
  catalogue: readonly CatalogueEntry[],
  actor: string,
): Promise<number> {
  await seedMissingProducts(sql, catalogue);
  return sql.transaction(async (tx) => {
    const stock = await lockStock(
      tx,
      catalogue.map((e) => e.id),
    );
    let changed = 0;
    for (const entry of catalogue) {
      await tx.query(
        'UPDATE inventory_service.products SET name = $2, price_minor = $3, updated_at = now() WHERE id = $1',
        [entry.id, entry.name, entry.priceMinor],
      );
      const level = stock.get(entry.id);
      const change = level ? decideCatalogueReset(level, entry.onHand) : null;
      if (!change) continue;
      await applyStockChanges(tx, [change], { actor, reason: 'reset to catalogue', orderId: null });
      changed += 1;
    }
    return changed;
  });
}
