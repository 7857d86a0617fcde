// The saga's promise, as checks over a quiet system: every order ended, once; the customer paid
// exactly for what was delivered; stock left the shelf exactly for delivered orders; no parcel is
// booked for a cancelled order; one email per milestone reached; analytics agrees. Pure functions
// over a SystemSnapshot, so every harness applies the same rules.
import type { EmailRecord, Line, SystemSnapshot, Verdict } from './snapshot';

const TERMINAL = new Set(['DELIVERED', 'CANCELLED']);

function verdict(name: string, detail: string, offenders: string[]): Verdict {
  return { name, ok: offenders.length === 0, detail, offenders };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** Lines of one order with the same product summed, as a comparable text ("P1x2,P2x1"). */
export function linesKey(lines: readonly Line[]): string {
  const merged = new Map<string, number>();
  for (const { productId, quantity } of lines) merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  return [...merged]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([p, q]) => `${p}x${q}`)
    .join(',');
}

export function everyOrderTerminal(s: SystemSnapshot): Verdict {
  const open = s.orders.filter((o) => !TERMINAL.has(o.status)).map((o) => `${o.orderId} is ${o.status}`);
  return verdict(
    'every order terminal',
    `${s.orders.length - open.length}/${s.orders.length} orders DELIVERED or CANCELLED`,
    open,
  );
}

export function oneTerminalEvent(s: SystemSnapshot): Verdict {
  const wrong = s.orders
    .filter((o) => o.terminalEvents !== 1)
    .map((o) => `${o.orderId} has ${o.terminalEvents} terminal events`);
  return verdict('exactly one terminal event', 'OrderDelivered or OrderCancelled, once per stream', wrong);
}

/** authorized − refunded = the total if delivered (one authorization), 0 if cancelled; no refund without an authorization. */
export function moneySettled(s: SystemSnapshot): Verdict {
  const byOrder = groupBy(s.payments, (p) => p.orderId);
  const offenders: string[] = [];
  for (const order of s.orders) {
    const records = byOrder.get(order.orderId) ?? [];
    const authorized = records.filter((p) => p.status === 'AUTHORIZED');
    const net = authorized.reduce((sum, p) => sum + p.amountMinor - p.refundedMinor, 0);
    const badRefund = records.some(
      (p) => p.refundedMinor < 0 || p.refundedMinor > (p.status === 'AUTHORIZED' ? p.amountMinor : 0),
    );
    if (badRefund) offenders.push(`${order.orderId}: a refund without (or beyond) its authorization`);
    if (order.status === 'DELIVERED' && (authorized.length !== 1 || net !== order.totalMinor)) {
      offenders.push(
        `${order.orderId} DELIVERED: ${authorized.length} authorizations, net charge ${net} of ${order.totalMinor}`,
      );
    }
    if (order.status === 'CANCELLED' && net !== 0) offenders.push(`${order.orderId} CANCELLED: net charge ${net}`);
  }
  return verdict('money settled', 'authorized − refunded = total if delivered, 0 if cancelled', offenders);
}

/** Stock committed if and only if delivered (the order's own lines), nothing left on hold, available never negative, units conserved. */
export function stockSettled(s: SystemSnapshot): Verdict {
  const holdOf = new Map(s.holds.map((h) => [h.orderId, h]));
  const offenders: string[] = [];
  for (const order of s.orders) {
    const hold = holdOf.get(order.orderId);
    const committed = hold?.status === 'COMMITTED';
    if (committed !== (order.status === 'DELIVERED'))
      offenders.push(`${order.orderId} ${order.status}: stock ${hold?.status ?? 'never held'}`);
    if (committed && hold && linesKey(hold.lines) !== linesKey(order.lines))
      offenders.push(`${order.orderId}: committed ${linesKey(hold.lines)}, ordered ${linesKey(order.lines)}`);
  }
  for (const hold of s.holds)
    if (hold.status === 'HELD' || hold.status === 'CONFIRMED')
      offenders.push(`${hold.orderId}: stock still ${hold.status}`);
  const committedUnits = new Map<string, number>();
  for (const hold of s.holds.filter((h) => h.status === 'COMMITTED')) {
    for (const line of hold.lines)
      committedUnits.set(line.productId, (committedUnits.get(line.productId) ?? 0) + line.quantity);
  }
  for (const p of s.stock) {
    if (p.reserved !== 0) offenders.push(`${p.productId}: ${p.reserved} units still reserved`);
    if (p.onHand - p.reserved < 0 || p.onHand < 0)
      offenders.push(`${p.productId}: available ${p.onHand - p.reserved}, on hand ${p.onHand}`);
    const committed = committedUnits.get(p.productId) ?? 0;
    if (p.initial !== p.onHand + committed)
      offenders.push(`${p.productId}: initial ${p.initial} ≠ on hand ${p.onHand} + committed ${committed}`);
  }
  return verdict(
    'stock settled',
    'committed iff delivered, nothing on hold, available ≥ 0, initial = on hand + committed',
    offenders,
  );
}

/** No live carrier booking for a cancelled order; a delivered order has exactly one live booking. */
export function bookingsSettled(s: SystemSnapshot): Verdict {
  const byOrder = groupBy(s.bookings, (b) => b.orderId);
  const offenders: string[] = [];
  for (const order of s.orders) {
    const live = (byOrder.get(order.orderId) ?? []).filter((b) => b.status !== 'CANCELLED');
    if (order.status === 'CANCELLED' && live.length > 0)
      offenders.push(`${order.orderId} CANCELLED: booking still ${live.map((b) => b.status).join('/')}`);
    if (order.status === 'DELIVERED' && live.length !== 1)
      offenders.push(`${order.orderId} DELIVERED: ${live.length} live bookings`);
  }
  return verdict('carrier bookings settled', 'none live for a cancelled order, one for a delivered order', offenders);
}

/** A sender records a send within milliseconds of the 250; a kill this soon after a copy can have come between. */
export const RESEND_WINDOW_MS = 10_000;
/** The kill is timed by the harness, the copy by the mail server: allow for the two clocks' reading order. */
const CLOCK_SLACK_MS = 1_000;

/** Every copy after the first follows a kill of the sender that came right after the copy before it. */
export function resentAfterCrashes(copies: readonly EmailRecord[], crashes: readonly number[]): boolean {
  const times = copies.map((c) => c.receivedAt ?? Number.NaN).sort((a, b) => a - b);
  return times.slice(1).every((next, i) => {
    const previous = times[i] as number;
    return crashes.some((k) => k >= previous - CLOCK_SLACK_MS && k <= Math.min(next, previous + RESEND_WINDOW_MS));
  });
}

/**
 * Exactly one email per (order, milestone reached) and none for a milestone not reached. The one
 * exception SMTP forces: a copy sent again because the sender was killed between the server's
 * acceptance and its record of the send (same Message-ID, so mail clients show it once) is counted
 * and reported, not failed; any other second copy fails.
 */
export function emailsOncePerMilestone(s: SystemSnapshot): Verdict {
  const sent = groupBy(s.emails, (e) => `${e.orderId} ${e.milestone}`);
  const offenders: string[] = [];
  let expected = 0;
  let resent = 0;
  for (const order of s.orders) {
    for (const milestone of new Set(order.milestones)) {
      expected += 1;
      const copies = sent.get(`${order.orderId} ${milestone}`) ?? [];
      if (copies.length > 1 && resentAfterCrashes(copies, s.senderCrashes ?? [])) resent += copies.length - 1;
      else if (copies.length !== 1) offenders.push(`${order.orderId} ${milestone}: ${copies.length} emails`);
    }
    const reached = new Set(order.milestones);
    for (const email of s.emails)
      if (email.orderId === order.orderId && !reached.has(email.milestone))
        offenders.push(`${order.orderId} ${email.milestone}: email for a milestone not reached`);
  }
  const resends = resent > 0 ? ` (${resent} resent by a sender killed right after the server accepted it)` : '';
  return verdict(
    'one email per milestone',
    `${expected} milestones reached, ${s.emails.length} emails${resends}`,
    offenders,
  );
}

export function analyticsAgrees(s: SystemSnapshot): Verdict {
  const factOf = new Map(s.analytics.map((a) => [a.orderId, a.status]));
  const offenders = s.orders
    .filter((o) => factOf.get(o.orderId) !== o.status)
    .map((o) => `${o.orderId}: analytics ${factOf.get(o.orderId) ?? 'missing'}, order ${o.status}`);
  return verdict('analytics equals orders', 'the same final status per order', offenders);
}

/** Every check, in the order a person reads them. */
export function checkInvariants(s: SystemSnapshot): Verdict[] {
  return [
    everyOrderTerminal,
    oneTerminalEvent,
    moneySettled,
    stockSettled,
    bookingsSettled,
    emailsOncePerMilestone,
    analyticsAgrees,
  ].map((check) => check(s));
}
