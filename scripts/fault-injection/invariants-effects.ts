// Invariants on what the system did to the outside world (money at the payment provider, emails in
// the mail catcher) and on the analytics read model, each compared with the order service's truth.
import type { Client } from 'pg';
import type { CheckResult, OrderRow } from './invariants-orders';

const sample = (items: string[]) => items.slice(0, 10);

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

interface Authorization { orderId: string; status: string; amountMinor: number; refunds: Array<{ amountMinor: number }> }

/** Net charge per order: 0 for a cancelled order (every authorization refunded), the total, once, for a delivered one. */
export async function checkPayments(paymentUrl: string, accepted: string[], orders: Map<string, OrderRow>): Promise<CheckResult> {
  const all = await getJson<Authorization[]>(`${paymentUrl}/v1/authorizations`);
  const byOrder = new Map<string, Authorization[]>();
  for (const a of all) if (a.status === 'AUTHORIZED') byOrder.set(a.orderId, [...(byOrder.get(a.orderId) ?? []), a]);
  const offenders: string[] = [];
  let refundedOrders = 0;
  for (const id of accepted) {
    const order = orders.get(id);
    const auths = byOrder.get(id) ?? [];
    const refunded = auths.reduce((sum, a) => sum + a.refunds.reduce((s, r) => s + r.amountMinor, 0), 0);
    const net = auths.reduce((sum, a) => sum + a.amountMinor, 0) - refunded;
    if (order?.status === 'CANCELLED' && net !== 0) offenders.push(`${id} cancelled, net charge ${net}`);
    if (order?.status === 'DELIVERED' && (auths.length !== 1 || net !== order.totalMinor)) offenders.push(`${id} delivered, ${auths.length} authorizations, net ${net} of ${order.totalMinor}`);
    if (order?.status === 'CANCELLED' && auths.length > 0) refundedOrders += 1;
  }
  return {
    name: 'no double charge: refunds match authorizations of cancelled orders',
    passed: offenders.length === 0,
    detail: `${all.length} authorization requests, ${refundedOrders} cancelled orders refunded, ${offenders.length} orders wrong`,
    offenders: sample(offenders),
  };
}

const MILESTONE_OF: Record<string, string> = {
  OrderPlaced: 'ORDER_RECEIVED', OrderConfirmed: 'ORDER_CONFIRMED', OrderShipped: 'ORDER_SHIPPED', OrderDelivered: 'ORDER_DELIVERED', OrderCancelled: 'ORDER_CANCELLED',
};

interface CapturedMessage { headers: Record<string, string> }

/** Every milestone an order reached was emailed exactly once: one notification row, SENT, and one message in the catcher. */
export async function checkEmails(db: Client, mailUrl: string, accepted: string[]): Promise<CheckResult> {
  const { rows: events } = await db.query<{ stream_id: string; type: string }>(
    `SELECT DISTINCT stream_id, type FROM order_service.events WHERE type = ANY($1)`, [Object.keys(MILESTONE_OF)]);
  const { rows: notices } = await db.query<{ order_id: string; milestone: string; status: string; message_id: string }>(
    'SELECT order_id, milestone, status, message_id FROM notification_service.notifications');
  const messages = await getJson<CapturedMessage[]>(`${mailUrl}/api/messages`);
  const delivered = new Map<string, number>();
  for (const m of messages) {
    const id = (m.headers['message-id'] ?? '').replace(/^<|>$/g, '');
    delivered.set(id, (delivered.get(id) ?? 0) + 1);
  }
  const noticeOf = new Map(notices.map((n) => [`${n.order_id} ${n.milestone}`, n]));
  const acceptedSet = new Set(accepted);
  const offenders: string[] = [];
  let expected = 0;
  for (const e of events) {
    if (!acceptedSet.has(e.stream_id)) continue;
    expected += 1;
    const key = `${e.stream_id} ${MILESTONE_OF[e.type]}`;
    const notice = noticeOf.get(key);
    const copies = notice ? (delivered.get(notice.message_id.replace(/^<|>$/g, '')) ?? 0) : 0;
    if (!notice || notice.status !== 'SENT' || copies !== 1) offenders.push(`${key}: ${notice?.status ?? 'no notification'}, ${copies} emails`);
  }
  const duplicates = [...delivered.entries()].filter(([, n]) => n > 1).map(([id, n]) => `message ${id} caught ${n} times`);
  return {
    name: 'exactly one email per (order, milestone)',
    passed: expected > 0 && offenders.length === 0 && duplicates.length === 0,
    detail: `${expected} milestones reached, ${messages.length} emails caught, ${offenders.length + duplicates.length} wrong`,
    offenders: sample([...offenders, ...duplicates]),
  };
}

interface Summary { orders: { placed: number; delivered: number; cancelled: number; inProgress: number } }

/** The analytics read model and its public summary count what the order service counts. */
export async function checkAnalytics(db: Client, analyticsUrl: string, from: number, accepted: string[], orders: Map<string, OrderRow>): Promise<CheckResult> {
  const truth = { placed: 0, delivered: 0, cancelled: 0 };
  for (const id of accepted) {
    truth.placed += 1;
    const status = orders.get(id)?.status;
    if (status === 'DELIVERED') truth.delivered += 1;
    if (status === 'CANCELLED') truth.cancelled += 1;
  }
  const { rows } = await db.query<{ order_id: string; status: string }>('SELECT order_id, status FROM analytics_service.orders');
  const factOf = new Map(rows.map((r) => [r.order_id, r.status]));
  const mismatched = accepted.filter((id) => factOf.get(id) !== orders.get(id)?.status).map((id) => `${id} analytics ${factOf.get(id) ?? 'missing'} vs ${orders.get(id)?.status}`);
  const window = `from=${new Date(from - 3_600_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`;
  const summary = await getJson<Summary>(`${analyticsUrl}/api/v1/analytics/summary?${window}`);
  const api = summary.orders;
  const apiMatches = api.placed === truth.placed && api.delivered === truth.delivered && api.cancelled === truth.cancelled;
  return {
    name: "analytics counts equal the order service's counts",
    passed: mismatched.length === 0 && apiMatches,
    detail: `orders placed/delivered/cancelled: order service ${truth.placed}/${truth.delivered}/${truth.cancelled}, analytics API ${api.placed}/${api.delivered}/${api.cancelled}; ${mismatched.length} order facts differ`,
    offenders: sample(mismatched),
  };
}
