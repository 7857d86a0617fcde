// The fault-injection suite's six invariants, checked over the orders a bench run placed: every
// order terminal, none in two terminal states, stock conserved, refunds match authorizations, one email
// per (order, milestone), analytics agrees with the orders. Reads the `kot` database as superuser
// and the simulators' inspection endpoints (payment ledger, mail catcher).
import type pg from 'pg';
import type { Endpoints } from './config';
import { analyticsAgree, emailsOnce, refundsMatch, type Authorization, type MailMessage } from './invariant-rules';

export interface InvariantResult { name: string; ok: boolean; detail: string }

const TERMINAL = ['DELIVERED', 'CANCELLED'];

export async function checkInvariants(client: pg.Pool, endpoints: Endpoints, orderIds: string[]): Promise<InvariantResult[]> {
  const statuses = await orderStatuses(client, orderIds);
  const notTerminal = orderIds.filter((id) => !TERMINAL.includes(statuses.get(id) ?? ''));
  // An order still in flight fails the first check; the others judge finished orders only, so
  // their verdicts are not drowned by work that is simply not done yet.
  const done = orderIds.filter((id) => TERMINAL.includes(statuses.get(id) ?? ''));
  const ids = new Set(done);
  const doneStatuses = new Map(done.map((id) => [id, statuses.get(id) as string]));
  const [twoTerminal, stock, authorizations, mail, analytics] = await Promise.all([
    doubleTerminal(client, orderIds), stockProblems(client, done, doneStatuses), fetchJson<Authorization[]>(`${endpoints.paymentUrl}/v1/authorizations`),
    fetchJson<MailMessage[]>(`${endpoints.mailUrl}/api/messages`), analyticsStatuses(client, done),
  ]);
  return [
    result('every order terminal', notTerminal.length === 0, `${orderIds.length - notTerminal.length}/${orderIds.length} terminal`, notTerminal),
    result('none in two terminal states', twoTerminal.length === 0, 'orders with other than one terminal event', twoTerminal),
    result('stock conserved', stock.length === 0, 'product ledgers balance; each order committed its quantity iff delivered', stock),
    result('refunds match authorizations', ...refundsMatch(authorizations.filter((a) => ids.has(a.orderId)), doneStatuses)),
    result('one email per (order, milestone)', ...emailsOnce(mail, ids)),
    result('analytics counts = order counts', ...analyticsAgree(doneStatuses, analytics)),
  ];
}

function result(name: string, ok: boolean, detail: string, offenders: string[] = []): InvariantResult {
  const sample = offenders.slice(0, 5).join(', ');
  return { name, ok, detail: ok ? detail : `${detail}; ${offenders.length} offending: ${sample}${offenders.length > 5 ? ', …' : ''}` };
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

async function orderStatuses(client: pg.Pool, ids: string[]): Promise<Map<string, string>> {
  const { rows } = await client.query<{ id: string; status: string }>('SELECT order_id::text AS id, status FROM order_service.orders WHERE order_id = ANY($1::uuid[])', [ids]);
  return new Map(rows.map((r) => [r.id, r.status]));
}

async function analyticsStatuses(client: pg.Pool, ids: string[]): Promise<Map<string, string>> {
  const { rows } = await client.query<{ id: string; status: string }>('SELECT order_id::text AS id, status FROM analytics_service.orders WHERE order_id = ANY($1::uuid[])', [ids]);
  return new Map(rows.map((r) => [r.id, r.status]));
}

async function doubleTerminal(client: pg.Pool, ids: string[]): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT stream_id::text AS id FROM order_service.events WHERE stream_id = ANY($1::uuid[]) AND type IN ('OrderDelivered', 'OrderCancelled')
     GROUP BY stream_id HAVING count(*) > 1`, [ids]);
  return rows.map((r) => r.id);
}

/** Every product's stock equals the sum of its movements, and each bench order's net movement fits its outcome. */
async function stockProblems(client: pg.Pool, ids: string[], statuses: Map<string, string>): Promise<string[]> {
  const ledger = await client.query<{ id: string }>(
    `SELECT p.id FROM inventory_service.products p LEFT JOIN inventory_service.stock_movements m ON m.product_id = p.id
     GROUP BY p.id, p.on_hand, p.reserved HAVING p.on_hand <> coalesce(sum(m.on_hand_delta), 0) OR p.reserved <> coalesce(sum(m.reserved_delta), 0) OR p.reserved < 0 OR p.on_hand < 0`);
  const perOrder = await client.query<{ id: string; on_hand: string; reserved: string }>(
    `SELECT order_id AS id, sum(on_hand_delta)::text AS on_hand, sum(reserved_delta)::text AS reserved FROM inventory_service.stock_movements
     WHERE order_id = ANY($1::text[]) GROUP BY order_id`, [ids]);
  const net = new Map(perOrder.rows.map((r) => [r.id, { onHand: Number(r.on_hand), reserved: Number(r.reserved) }]));
  // Bench orders hold one unit each: a delivered order took it off the shelf, a cancelled one did not.
  const wrongOrders = ids.filter((id) => {
    const movement = net.get(id) ?? { onHand: 0, reserved: 0 };
    const expectedOnHand = statuses.get(id) === 'DELIVERED' ? -1 : 0;
    return movement.reserved !== 0 || movement.onHand !== expectedOnHand;
  });
  return [...ledger.rows.map((r) => `product ${r.id}`), ...wrongOrders];
}
