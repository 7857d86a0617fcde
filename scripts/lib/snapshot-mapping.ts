// Turns what the real system answers (rows of the services' schemas, the simulators' JSON) into the
// SystemSnapshot that @kot/invariants judges. Pure, so the mapping is unit-tested on fixed inputs;
// system-snapshot.ts does the reading. Numbers arrive as text from pg (bigint, sums): Number() them here.
import {
  MILESTONE_OF_EVENT,
  type AnalyticsRecord,
  type BookingRecord,
  type EmailRecord,
  type HoldRecord,
  type Line,
  type Milestone,
  type OrderOutcome,
  type PaymentRecord,
  type StockRecord,
} from '@kot/invariants';

type Num = number | string;

/** `order_service.orders`; `state` is the saga state the row was projected from (its `items` are the lines). */
export interface OrderRow {
  order_id: string;
  status: string;
  total_minor: Num;
  state: { items?: Line[] } | null;
}
/** Per stream and type, the count of lifecycle events in `order_service.events`. */
export interface EventCountRow {
  stream_id: string;
  type: string;
  n: Num;
}

/** Status an accepted order has when the order service holds no row for it (a lost order). */
export const MISSING = 'MISSING';
const TERMINAL_EVENTS = new Set(['OrderDelivered', 'OrderCancelled']);
const MILESTONES = new Set<string>(Object.values(MILESTONE_OF_EVENT));

export function toOrders(
  orderIds: readonly string[],
  rows: readonly OrderRow[],
  events: readonly EventCountRow[],
): OrderOutcome[] {
  const rowOf = new Map(rows.map((r) => [r.order_id, r]));
  const eventsOf = new Map<string, EventCountRow[]>();
  for (const e of events) eventsOf.set(e.stream_id, [...(eventsOf.get(e.stream_id) ?? []), e]);
  return orderIds.map((orderId) => {
    const row = rowOf.get(orderId);
    const stream = eventsOf.get(orderId) ?? [];
    const milestones = stream
      .filter((e) => Number(e.n) > 0 && MILESTONE_OF_EVENT[e.type])
      .map((e) => MILESTONE_OF_EVENT[e.type] as Milestone);
    return {
      orderId,
      status: row?.status ?? MISSING,
      totalMinor: Number(row?.total_minor ?? 0),
      lines: (row?.state?.items ?? []).map(({ productId, quantity }) => ({ productId, quantity })),
      terminalEvents: stream.filter((e) => TERMINAL_EVENTS.has(e.type)).reduce((sum, e) => sum + Number(e.n), 0),
      milestones,
    };
  });
}

/** One entry of the payment simulator's `GET /v1/authorizations`. */
export interface AuthorizationJson {
  orderId: string;
  status: 'AUTHORIZED' | 'DECLINED';
  amountMinor: number;
  refunds: Array<{ amountMinor: number }>;
}

export function toPayments(
  orderIds: ReadonlySet<string>,
  authorizations: readonly AuthorizationJson[],
): PaymentRecord[] {
  return authorizations
    .filter((a) => orderIds.has(a.orderId))
    .map((a) => ({
      orderId: a.orderId,
      status: a.status,
      amountMinor: a.amountMinor,
      refundedMinor: a.refunds.reduce((sum, r) => sum + r.amountMinor, 0),
    }));
}

/**
 * `restocked`: the product's RESTOCK movements (seed and restocks). `committed_elsewhere`: units that
 * COMMITTED reservations of orders outside the snapshot took; they left the shelf before (or beside)
 * the orders under test, so they are not part of the stock those orders started from.
 */
export interface StockRow {
  product_id: string;
  on_hand: Num;
  reserved: Num;
  restocked: Num;
  committed_elsewhere: Num;
}

export function toStock(rows: readonly StockRow[]): StockRecord[] {
  return rows.map((r) => ({
    productId: r.product_id,
    initial: Number(r.restocked) - Number(r.committed_elsewhere),
    onHand: Number(r.on_hand),
    reserved: Number(r.reserved),
  }));
}

/** A reservation joined with its lines (product and quantity null for a reservation without lines). */
export interface HoldRow {
  order_id: string;
  status: string;
  product_id: string | null;
  quantity: Num | null;
}

export function toHolds(rows: readonly HoldRow[]): HoldRecord[] {
  const holds = new Map<string, HoldRecord>();
  for (const r of rows) {
    const hold = holds.get(r.order_id) ?? { orderId: r.order_id, status: r.status, lines: [] };
    if (r.product_id !== null && r.quantity !== null)
      hold.lines.push({ productId: r.product_id, quantity: Number(r.quantity) });
    holds.set(r.order_id, hold);
  }
  return [...holds.values()];
}

/** One parcel of the carrier simulator's `GET /v1/shipments?orderId=`. */
export interface ShipmentJson {
  orderId: string;
  status: string;
}

export function toBookings(shipments: readonly ShipmentJson[]): BookingRecord[] {
  return shipments.map((s) => ({ orderId: s.orderId, status: s.status }));
}

/** One message of the mail catcher's `GET /api/messages` (the parsed Message-ID, or only its header). */
export interface MessageJson {
  messageId?: string | null;
  headers?: Record<string, string>;
  receivedAt?: number;
}

/** The notification service's Message-ID is `<orderId.milestone-in-kebab-case@domain>`: one per (order, milestone). */
export function parseMessageId(messageId: string): EmailRecord | null {
  const match = /^<?([0-9a-f-]{36})\.([a-z-]+)@[^>]+>?$/i.exec(messageId.trim());
  if (!match) return null;
  const milestone = (match[2] as string).toUpperCase().replace(/-/g, '_');
  return MILESTONES.has(milestone)
    ? { orderId: (match[1] as string).toLowerCase(), milestone: milestone as Milestone }
    : null;
}

export function toEmails(orderIds: ReadonlySet<string>, messages: readonly MessageJson[]): EmailRecord[] {
  return messages.flatMap((m) => {
    const email = parseMessageId(m.messageId ?? m.headers?.['message-id'] ?? '');
    if (!email || !orderIds.has(email.orderId)) return [];
    return [m.receivedAt === undefined ? email : { ...email, receivedAt: m.receivedAt }];
  });
}

export interface AnalyticsRow {
  order_id: string;
  status: string;
}

export function toAnalytics(rows: readonly AnalyticsRow[]): AnalyticsRecord[] {
  return rows.map((r) => ({ orderId: r.order_id, status: r.status }));
}
