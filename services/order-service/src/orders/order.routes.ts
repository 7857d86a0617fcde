import { Router, type Request } from 'express';
import { z } from 'zod';
import { currentContext, parseOrThrow, rateLimit, uuidFromClient } from '@kot/service-kit';
import { activeTraceparent, newTraceparent, parseTraceparent, type Cause } from '@kot/messaging';
import { getOrder, listOrders } from '../infrastructure/order-queries';
import { placeOrder } from '../infrastructure/place-order';
import type { OrderDb } from '../infrastructure/prisma';
import type { Database } from '@kot/postgres';
import { executeCommand, type SagaDeps } from '../infrastructure/saga-executor';
import { placeOrderRequest } from './place-order.request';

const ORDER_STATUSES = [
  'RESERVING',
  'PAYING',
  'SCHEDULING',
  'CONFIRMED',
  'SHIPPED',
  'DELIVERED',
  'COMPENSATING',
  'CANCELLED',
] as const;

const listQuery = z.object({
  status: z.enum(ORDER_STATUSES, { error: `must be one of ${ORDER_STATUSES.join(', ')}` }).optional(),
  customerId: z.string().max(64, 'must be at most 64 characters').optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(20),
  cursor: z.string().max(512, 'is too long').optional(),
});

const cancelBody = z.object({ reason: z.string().max(500, 'must be at most 500 characters').optional() }).optional();
const idempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be 1-255 visible ASCII characters');
const orderIdParam = (req: Request): string => uuidFromClient(req.params.id, 'order id', 'INVALID_ORDER_ID');

/**
 * A request starts a new causal chain: its correlation id, and its trace: the HTTP server span when
 * telemetry instruments Express, else the caller's traceparent if it sent a valid one, else a new trace.
 */
function requestCause(req: Request): Cause {
  const sent = req.header('traceparent');
  const traceparent = activeTraceparent() ?? (parseTraceparent(sent) ? (sent as string) : newTraceparent());
  return { correlationId: currentContext().correlationId ?? '', causationId: null, traceparent };
}

/** Per-client limit on placing orders; ratePerSecond 0 turns it off. */
export interface OrderRateLimit {
  ratePerSecond: number;
  burst: number;
}

/** `sql` carries the writes (placing, cancelling), `prisma` the reads. */
export function orderRoutes(
  { prisma, sql }: { prisma: OrderDb; sql: Database },
  deps: SagaDeps,
  limit: OrderRateLimit = { ratePerSecond: 0, burst: 1 },
): Router {
  const router = Router();
  // Only placing orders is limited: it is the one public call that starts work (a saga) per request.
  const placeOrderLimit = rateLimit({ ...limit, now: () => deps.clock.now(), operation: 'POST /api/v1/orders' });

  router.post('/api/v1/orders', placeOrderLimit, async (req, res) => {
    const body = parseOrThrow(placeOrderRequest, req.body);
    const keyHeader = req.header('idempotency-key');
    const key =
      keyHeader === undefined
        ? undefined
        : parseOrThrow(z.object({ 'Idempotency-Key': idempotencyKey }), { 'Idempotency-Key': keyHeader })[
            'Idempotency-Key'
          ];
    const placed = await placeOrder(sql, deps, body, requestCause(req), key);
    res
      .status(placed.replayed ? 200 : 201)
      .location(`/api/v1/orders/${placed.orderId}`)
      .json({ orderId: placed.orderId, status: placed.status, correlationId: placed.correlationId });
  });

  router.get('/api/v1/orders', async (req, res) => {
    res.json(await listOrders(prisma, parseOrThrow(listQuery, req.query)));
  });

  router.get('/api/v1/orders/:id', async (req, res) => {
    res.json(await getOrder(prisma, orderIdParam(req)));
  });

  router.post('/api/v1/orders/:id/cancel', async (req, res) => {
    const orderId = orderIdParam(req);
    const { reason } = parseOrThrow(cancelBody, req.body) ?? {};
    const { state } = await executeCommand(
      sql,
      deps,
      orderId,
      { type: 'CancelOrder', reason: reason ?? '', now: deps.clock.now() },
      requestCause(req),
    );
    res.status(202).json({ orderId, status: state.status });
  });

  return router;
}
