// Invariants read straight from the services' own schemas (superuser on the isolated cluster, which
// sees every schema): order outcomes, the event store, and the inventory's stock ledger.
import type { Client } from 'pg';

export interface CheckResult { name: string; passed: boolean; detail: string; offenders: string[] }

const TERMINAL = ['DELIVERED', 'CANCELLED'];
const sample = (ids: string[]) => ids.slice(0, 10);

export interface OrderRow { orderId: string; status: string; cancelReason: string | null; totalMinor: number }

export async function readOrders(db: Client): Promise<Map<string, OrderRow>> {
  const { rows } = await db.query<{ order_id: string; status: string; cancel_reason: string | null; total_minor: string }>(
    'SELECT order_id, status, cancel_reason, total_minor FROM order_service.orders');
  return new Map(rows.map((r) => [r.order_id, { orderId: r.order_id, status: r.status, cancelReason: r.cancel_reason, totalMinor: Number(r.total_minor) }]));
}

/** Every accepted order is DELIVERED, or CANCELLED with a reason, and got there within the recovery budget. */
export function checkTerminal(accepted: string[], orders: Map<string, OrderRow>, quiescentAfterMs: number | null, budgetMs: number): CheckResult {
  const open = accepted.filter((id) => !TERMINAL.includes(orders.get(id)?.status ?? ''));
  const noReason = accepted.filter((id) => orders.get(id)?.status === 'CANCELLED' && !orders.get(id)?.cancelReason);
  const inTime = quiescentAfterMs !== null && quiescentAfterMs <= budgetMs;
  const when = quiescentAfterMs === null ? `not quiescent within ${budgetMs / 1000}s` : `quiescent ${(quiescentAfterMs / 1000).toFixed(1)}s after the last fault`;
  return {
    name: `every order terminal within ${budgetMs / 1000}s of the last fault`,
    passed: open.length === 0 && noReason.length === 0 && inTime,
    detail: `${accepted.length - open.length}/${accepted.length} terminal, ${noReason.length} cancelled without reason, ${when}`,
    offenders: sample([...open.map((id) => `${id} ${orders.get(id)?.status ?? 'missing'}`), ...noReason.map((id) => `${id} no reason`)]),
  };
}

/** Accepted orders missing from the order service or its event store; streams with two terminal events. */
export async function checkLostAndDoubleTerminal(db: Client, accepted: string[], orders: Map<string, OrderRow>): Promise<CheckResult> {
  const { rows } = await db.query<{ stream_id: string; placed: string; terminal: string }>(
    `SELECT stream_id, count(*) FILTER (WHERE type = 'OrderPlaced') AS placed,
            count(*) FILTER (WHERE type IN ('OrderDelivered', 'OrderCancelled')) AS terminal
       FROM order_service.events GROUP BY stream_id`);
  const streams = new Map(rows.map((r) => [r.stream_id, { placed: Number(r.placed), terminal: Number(r.terminal) }]));
  const lost = accepted.filter((id) => !orders.has(id) || (streams.get(id)?.placed ?? 0) !== 1);
  const doubled = rows.filter((r) => Number(r.terminal) > 1).map((r) => r.stream_id);
  return {
    name: 'zero lost orders, zero in two terminal states',
    passed: lost.length === 0 && doubled.length === 0,
    detail: `${lost.length} lost of ${accepted.length} accepted, ${doubled.length} with two terminal events (${orders.size} orders in the order service)`,
    offenders: sample([...lost.map((id) => `${id} lost`), ...doubled.map((id) => `${id} two terminal events`)]),
  };
}

interface StockRow { product_id: string; initial: string; on_hand: number; reserved: number; committed: string; ledger_on_hand: string; ledger_reserved: string }

/**
 * initial (the seed plus restocks) = available + reserved + committed for every product, where
 * committed is what COMMITTED reservations took; the movement ledger must also add up to the counters.
 */
export async function checkStock(db: Client): Promise<CheckResult> {
  const { rows } = await db.query<StockRow>(
    `SELECT p.id AS product_id, p.on_hand, p.reserved,
            (SELECT coalesce(sum(m.on_hand_delta), 0) FROM inventory_service.stock_movements m WHERE m.product_id = p.id AND m.kind = 'RESTOCK') AS initial,
            (SELECT coalesce(sum(l.quantity), 0) FROM inventory_service.reservation_lines l
               JOIN inventory_service.reservations r ON r.order_id = l.order_id
              WHERE l.product_id = p.id AND r.status = 'COMMITTED') AS committed,
            (SELECT coalesce(sum(m.on_hand_delta), 0) FROM inventory_service.stock_movements m WHERE m.product_id = p.id) AS ledger_on_hand,
            (SELECT coalesce(sum(m.reserved_delta), 0) FROM inventory_service.stock_movements m WHERE m.product_id = p.id) AS ledger_reserved
       FROM inventory_service.products p ORDER BY p.id`);
  const offenders = rows.filter((r) => {
    const available = r.on_hand - r.reserved;
    return Number(r.initial) !== available + r.reserved + Number(r.committed)
      || Number(r.ledger_on_hand) !== r.on_hand || Number(r.ledger_reserved) !== r.reserved;
  }).map((r) => `${r.product_id}: initial ${r.initial} vs available ${r.on_hand - r.reserved} + reserved ${r.reserved} + committed ${r.committed}; ledger ${r.ledger_on_hand}/${r.ledger_reserved}`);
  const total = (key: 'initial' | 'committed') => rows.reduce((sum, r) => sum + Number(r[key]), 0);
  return {
    name: 'stock conserved (initial = available + reserved + committed)',
    passed: rows.length > 0 && offenders.length === 0,
    detail: `${rows.length - offenders.length}/${rows.length} products balance; ${total('initial')} units initial, ${total('committed')} committed`,
    offenders: sample(offenders),
  };
}

/** Once every order is terminal, no stock may stay on hold (a leaked hold only comes back after its TTL). */
export async function checkNoHeldStock(db: Client): Promise<CheckResult> {
  const { rows } = await db.query<{ order_id: string; status: string }>(
    `SELECT order_id, status FROM inventory_service.reservations WHERE status = 'CONFIRMED'`);
  const { rows: [held] = [] } = await db.query<{ reserved: string }>('SELECT coalesce(sum(reserved), 0) AS reserved FROM inventory_service.products');
  const reserved = Number(held?.reserved ?? 0);
  return {
    name: 'no stock left on hold after quiescence',
    passed: rows.length === 0 && reserved === 0,
    detail: `${rows.length} reservations still CONFIRMED, ${reserved} units reserved`,
    offenders: sample(rows.map((r) => `${r.order_id} ${r.status}`)),
  };
}
