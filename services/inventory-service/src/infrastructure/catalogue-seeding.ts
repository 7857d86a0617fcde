import type { CatalogueEntry } from '../catalogue/catalogue.seed';
import { decideCatalogueReset } from '../catalogue/stock-count';
import type { InventoryDb } from './prisma';
import { applyStockChanges, lockStock } from './stock-ledger';

/**
 * Start-up seeding: inserts catalogue products that do not exist yet, each with a RESTOCK movement, and
 * never touches existing ones. Safe to run on every start and from several instances at once: a
 * concurrent insert of the same id waits for the other and then does nothing.
 */
export async function seedMissingProducts(prisma: InventoryDb, catalogue: readonly CatalogueEntry[]): Promise<number> {
  return prisma.$transaction(async (tx) => {
    let inserted = 0;
    for (const entry of catalogue) {
      const created = await tx.$executeRawUnsafe(
        `INSERT INTO inventory_service.products (id, name, price_minor, on_hand) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
        entry.id, entry.name, entry.priceMinor, entry.onHand,
      );
      if (created === 0) continue;
      inserted += 1;
      await tx.stockMovement.create({ data: { productId: entry.id, kind: 'RESTOCK', onHandDelta: entry.onHand, reservedDelta: 0, actor: 'seed', reason: 'initial catalogue' } });
    }
    return inserted;
    // Prisma's default 5 s is too short for ~50 statements on a machine under load: start-up then failed.
  }, { timeout: 30_000 });
}

/**
 * `npm run seed`: makes the catalogue's names and prices current and sets each product's on-hand back
 * to the catalogue figure (never below what is held for live orders), through the ledger like any
 * other stock count. Products outside the catalogue are left alone.
 */
export async function resetCatalogue(prisma: InventoryDb, catalogue: readonly CatalogueEntry[], actor: string): Promise<number> {
  await seedMissingProducts(prisma, catalogue);
  return prisma.$transaction(async (tx) => {
    const stock = await lockStock(tx, catalogue.map((e) => e.id));
    let changed = 0;
    for (const entry of catalogue) {
      await tx.product.update({ where: { id: entry.id }, data: { name: entry.name, priceMinor: entry.priceMinor } });
      const level = stock.get(entry.id);
      const change = level ? decideCatalogueReset(level, entry.onHand) : null;
      if (!change) continue;
      await applyStockChanges(tx, [change], { actor, reason: 'reset to catalogue', orderId: null });
      changed += 1;
    }
    return changed;
  }, { timeout: 30_000 });
}
