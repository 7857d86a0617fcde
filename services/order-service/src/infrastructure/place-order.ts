import { createHash } from 'node:crypto';
import type { Cause } from '@kot/messaging';
import { ConcurrencyError, IdempotencyKeyReusedError } from '@kot/service-kit';
import { orderLinesOf, type PlaceOrderRequest } from '../orders/place-order.request';
import type { OrderDb } from './prisma';
import { applyCommand, type SagaDeps } from './saga-executor';

export interface PlacedOrder { orderId: string; status: string; correlationId: string; replayed: boolean }

/** Canonical JSON (sorted keys) so the same body with keys in another order hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

/**
 * Places an order. With an Idempotency-Key, the key, the order's events, its outbox rows and its read
 * model commit in one transaction; a repeat with the same body returns the first order, a repeat with
 * another body is refused (422). Two racing repeats: the loser's insert conflicts and it re-reads.
 */
export async function placeOrder(prisma: OrderDb, deps: SagaDeps, body: PlaceOrderRequest, cause: Cause, idempotencyKey?: string): Promise<PlacedOrder> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await prisma.$transaction(async (tx) => {
        if (idempotencyKey) {
          const existing = await tx.idempotencyKey.findUnique({ where: { key: idempotencyKey } });
          if (existing) return replay(existing, body);
        }
        const orderId = deps.ids.next();
        if (idempotencyKey) await tx.idempotencyKey.create({ data: { key: idempotencyKey, requestHash: requestHash(body), orderId } });
        const { customer, items } = orderLinesOf(body);
        const { state } = await applyCommand(tx, deps, orderId, { type: 'PlaceOrder', orderId, customer, items, currency: body.currency, now: deps.clock.now() }, cause);
        return { orderId, status: state.status, correlationId: cause.correlationId, replayed: false };
      });
    } catch (error) {
      const raced = (error as { code?: string }).code === 'P2002' || error instanceof ConcurrencyError;
      if (!raced || attempt >= 3) throw error;
    }
  }

  async function replay(existing: { requestHash: string; orderId: string }, request: PlaceOrderRequest): Promise<PlacedOrder> {
    if (existing.requestHash !== requestHash(request)) throw new IdempotencyKeyReusedError();
    const order = await prisma.orderView.findUnique({ where: { orderId: existing.orderId }, select: { status: true, correlationId: true } });
    return { orderId: existing.orderId, status: order?.status ?? 'RESERVING', correlationId: order?.correlationId ?? cause.correlationId, replayed: true };
  }
}
