import { Router, type Request } from 'express';
import { z } from 'zod';
import { MalformedRequestError, parseOrThrow, requireAdminToken } from '@kot/service-kit';
import { getProduct, listMovements, listProducts } from '../infrastructure/inventory-queries';
import { setStock } from '../infrastructure/stock-count-commands';
import type { Database } from '@kot/postgres';
import type { InventoryDb } from '../infrastructure/prisma';

const PRODUCT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const pageQuery = z.object({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(20),
  cursor: z.string().max(200, 'is too long').optional(),
});

const stockBody = z.object({
  quantity: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(1_000_000_000, 'is too large'),
  reason: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(500, 'must be at most 500 characters'),
});

function productIdParam(req: Request): string {
  const id = String(req.params.productId);
  if (!PRODUCT_ID.test(id))
    throw new MalformedRequestError(`product id "${id.slice(0, 80)}" is not valid`, { code: 'INVALID_PRODUCT_ID' });
  return id;
}

export interface InventoryRouteOptions {
  adminToken: string;
}

/** `sql` carries the one write (admin stock count), `prisma` the reads. */
export function inventoryRoutes(
  { prisma, sql }: { prisma: InventoryDb; sql: Database },
  options: InventoryRouteOptions,
): Router {
  const router = Router();
  // 401 without a Bearer token, 403 with the wrong one (constant-time comparison in service-kit).
  const requireAdmin = requireAdminToken({ token: options.adminToken, realm: 'inventory-admin' });

  router.get('/api/v1/inventory', async (req, res) => {
    res.json(await listProducts(prisma, parseOrThrow(pageQuery, req.query)));
  });

  router.get('/api/v1/inventory/:productId', async (req, res) => {
    res.json(await getProduct(prisma, productIdParam(req)));
  });

  router.get('/api/v1/inventory/:productId/movements', async (req, res) => {
    res.json(await listMovements(prisma, productIdParam(req), parseOrThrow(pageQuery, req.query)));
  });

  // Sets (not adds) the on-hand count: see decideStockCount for why.
  router.put('/api/v1/inventory/:productId/stock', requireAdmin, async (req, res) => {
    const productId = productIdParam(req);
    const { quantity, reason } = parseOrThrow(stockBody, req.body);
    res.json(await setStock(sql, productId, quantity, { actor: 'admin', reason }));
  });

  return router;
}
