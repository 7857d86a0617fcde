// An operator's stock count (PUT /api/v1/stock/:productId), written with plain pg under the product's row lock.
import type { Database, PgTx } from '@kot/postgres';
import { NotFoundError } from '@kot/service-kit';
import { decideStockCount } from '../catalogue/stock-count';
import { productView, type ProductRow } from './inventory-queries';
import { applyStockChanges, lockStock } from './stock-ledger';

/** The product as it stands inside a write transaction (after a stock change, before the commit). */
async function productIn(tx: PgTx, productId: string) {
  const [row] = await tx.query<ProductRow>(
    'SELECT id, name, price_minor AS "priceMinor", currency, on_hand AS "onHand", reserved, updated_at AS "updatedAt" FROM inventory_service.products WHERE id = $1',
    [productId],
    'product-read',
  );
  if (!row) throw new NotFoundError(`product ${productId} does not exist`, { code: 'PRODUCT_NOT_FOUND' });
  return productView(row);
}

/** Sets the on-hand count under the product's row lock, recording the difference as a RESTOCK movement. */
export async function setStock(
  sql: Database,
  productId: string,
  quantity: number,
  audit: { actor: string; reason: string },
) {
  return sql.transaction(async (tx) => {
    const level = (await lockStock(tx, [productId])).get(productId);
    if (!level) throw new NotFoundError(`product ${productId} does not exist`, { code: 'PRODUCT_NOT_FOUND' });
    const change = decideStockCount(level, quantity);
    if (change) await applyStockChanges(tx, [change], { ...audit, orderId: null });
    return { ...(await productIn(tx, productId)), change: change?.onHandDelta ?? 0 };
  });
}
