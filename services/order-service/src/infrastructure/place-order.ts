import { createHash } from 'node:crypto';
import type { Cause } from '@kot/messaging';
import type { Database, PgTx } from '@kot/postgres';
import { ConcurrencyError, IdempotencyKeyReusedError } from '@kot/service-kit';
import { orderLinesOf, type PlaceOrderRequest } from '../orders/place-order.request';
import { handleCommand, type SagaDeps } from './saga-executor';

export interface PlacedOrder {
  orderId: string;
  status: string;
  correlationId: string;
  replayed: boolean;
}

/** Canonical JSON (sorted keys) so the same body with keys in another order hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
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
export async function placeOrder(
  sql: Database,
  deps: SagaDeps,
  body: PlaceOrderRequest,
  cause: Cause,
  idempotencyKey?: string,
): Promise<PlacedOrder> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await sql.transaction(async (tx) => {
        if (idempotencyKey) {
          const existing = await findKey(tx, idempotencyKey);
          if (existing) return replay(tx, existing, body, cause);
        }
        const orderId = deps.ids.next();
        if (idempotencyKey) await saveKey(tx, idempotencyKey, requestHash(body), orderId);
        const { customer, items } = orderLinesOf(body);
        const { state } = await handleCommand(
          tx,
          deps,
          orderId,
          { type: 'PlaceOrder', orderId, customer, items, currency: body.currency, now: deps.clock.now() },
          cause,
        );
        return { orderId, status: state.status, correlationId: cause.correlationId, replayed: false };
      });
    } catch (error) {
      // Two racing requests with one key: the loser's insert hits the primary key (23505) and it re-reads.
      const raced = (error as { code?: string }).code === '23505' || error instanceof ConcurrencyError;
      if (!raced || attempt >= 3) throw error;
    }
  }
}

interface StoredKey {
  request_hash: string;
  order_id: string;
}

async function findKey(tx: PgTx, key: string): Promise<StoredKey | undefined> {
  const [row] = await tx.query<StoredKey>(
    'SELECT request_hash, order_id::text AS order_id FROM order_service.idempotency_keys WHERE key = $1',
    [key],
    'order-find-idempotency-key',
  );
  return row;
}

async function saveKey(tx: PgTx, key: string, hash: string, orderId: string): Promise<void> {
  await tx.query(
    'INSERT INTO order_service.idempotency_keys (key, request_hash, order_id) VALUES ($1, $2, $3::uuid)',
    [key, hash, orderId],
    'order-save-idempotency-key',
  );
}

async function replay(tx: PgTx, existing: StoredKey, request: PlaceOrderRequest, cause: Cause): Promise<PlacedOrder> {
  if (existing.request_hash !== requestHash(request)) throw new IdempotencyKeyReusedError();
  const [order] = await tx.query<{ status: string; correlation_id: string }>(
    'SELECT status, correlation_id FROM order_service.orders WHERE order_id = $1::uuid',
    [existing.order_id],
    'order-replay-status',
  );
  return {
    orderId: existing.order_id,
    status: order?.status ?? 'RESERVING',
    correlationId: order?.correlation_id ?? cause.correlationId,
    replayed: true,
  };
}
