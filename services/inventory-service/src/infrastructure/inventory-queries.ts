// Reads for the REST API, through Prisma; writes are plain pg (stock-count-commands.ts, stock-ledger.ts).
import { MalformedRequestError, NotFoundError } from '@kot/service-kit';
import type { InventoryDb } from './prisma';

export interface Page {
  limit: number;
  cursor?: string;
}

export interface ProductRow {
  id: string;
  name: string;
  priceMinor: number;
  currency: string;
  onHand: number;
  reserved: number;
  updatedAt: Date;
}

export function productView(row: ProductRow) {
  return {
    productId: row.id,
    name: row.name,
    priceMinor: row.priceMinor,
    currency: row.currency,
    onHand: row.onHand,
    reserved: row.reserved,
    available: row.onHand - row.reserved,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const encodeCursor = (value: string): string => Buffer.from(value).toString('base64url');

// What encodeCursor is given: a product id or a movement id (int8, so at most 18 digits are always safe).
const CURSOR_VALUE = /^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,63}|\d{1,18})$/;

/** Client input: anything else (a NUL, a number beyond int8) would fail in Postgres as a 500. */
function decodeCursor(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const value = Buffer.from(text, 'base64url').toString();
  if (CURSOR_VALUE.test(value) && encodeCursor(value) === text) return value;
  throw new MalformedRequestError('cursor is not valid; use the nextCursor value of a previous page', {
    code: 'INVALID_CURSOR',
  });
}

/** Products by id, keyset-paged so a page boundary never skips or repeats a product. */
export async function listProducts(prisma: InventoryDb, page: Page) {
  const after = decodeCursor(page.cursor);
  const rows = await prisma.product.findMany({
    where: after ? { id: { gt: after } } : {},
    orderBy: { id: 'asc' },
    take: page.limit + 1,
  });
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items: items.map(productView), nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null };
}

export async function getProduct(prisma: Pick<InventoryDb, 'product'>, productId: string) {
  const row = await prisma.product.findUnique({ where: { id: productId } });
  if (!row) throw new NotFoundError(`product ${productId} does not exist`, { code: 'PRODUCT_NOT_FOUND' });
  return productView(row);
}

/** The product's ledger, newest first, keyset-paged on the movement id. */
export async function listMovements(prisma: InventoryDb, productId: string, page: Page) {
  await getProduct(prisma, productId);
  const after = decodeCursor(page.cursor);
  if (after !== undefined && !/^\d{1,18}$/.test(after))
    throw new MalformedRequestError('cursor is not valid', { code: 'INVALID_CURSOR' });
  const rows = await prisma.stockMovement.findMany({
    where: { productId, ...(after ? { id: { lt: BigInt(after) } } : {}) },
    orderBy: { id: 'desc' },
    take: page.limit + 1,
  });
  const movements = rows.slice(0, page.limit);
  const last = movements[movements.length - 1];
  return {
    productId,
    movements: movements.map((m) => ({
      id: m.id.toString(),
      kind: m.kind,
      onHandDelta: m.onHandDelta,
      reservedDelta: m.reservedDelta,
      orderId: m.orderId,
      actor: m.actor,
      reason: m.reason,
      at: m.at.toISOString(),
    })),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.id.toString()) : null,
  };
}
