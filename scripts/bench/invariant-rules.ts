// The invariant rules that need no I/O, over data already fetched; unit-tested on fixed inputs.
// Each returns [ok, detail, offending order ids].

export interface Authorization { orderId: string; status: 'AUTHORIZED' | 'DECLINED'; amountMinor: number; refunds: Array<{ amountMinor: number }> }
export interface MailMessage { messageId: string }

type Verdict = [boolean, string, string[]];

/** Delivered orders keep one authorization and no refund; cancelled ones get every authorized amount back. */
export function refundsMatch(authorizations: Authorization[], statuses: Map<string, string>): Verdict {
  const byOrder = new Map<string, Authorization[]>();
  for (const a of authorizations) if (a.status === 'AUTHORIZED') byOrder.set(a.orderId, [...(byOrder.get(a.orderId) ?? []), a]);
  const offenders: string[] = [];
  for (const [orderId, auths] of byOrder) {
    const refunded = auths.reduce((sum, a) => sum + a.refunds.reduce((s, r) => s + r.amountMinor, 0), 0);
    const authorized = auths.reduce((sum, a) => sum + a.amountMinor, 0);
    const status = statuses.get(orderId);
    const fine = auths.length === 1 && (status === 'DELIVERED' ? refunded === 0 : status === 'CANCELLED' ? refunded === authorized : false);
    if (!fine) offenders.push(orderId);
  }
  for (const [orderId, status] of statuses) if (status === 'DELIVERED' && !byOrder.has(orderId)) offenders.push(orderId);
  return [offenders.length === 0, `${byOrder.size} authorized orders; delivered keep the charge, cancelled are refunded in full`, offenders];
}

/** The notification service's message id is `<orderId.milestone@…>`: one per pair, so a repeat is a duplicate email. */
export function emailsOnce(messages: MailMessage[], orderIds: Set<string>): Verdict {
  const seen = new Map<string, number>();
  for (const m of messages) {
    const match = /^<([0-9a-f-]{36})\.([a-z-]+)@/.exec(m.messageId);
    if (!match || !orderIds.has(match[1] as string)) continue;
    seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
  }
  const repeated = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  return [repeated.length === 0, `${seen.size} (order, milestone) emails`, repeated];
}

/** Analytics has exactly the orders, each with the same final status. */
export function analyticsAgree(orders: Map<string, string>, analytics: Map<string, string>): Verdict {
  const offenders = [...orders].filter(([id, status]) => analytics.get(id) !== status).map(([id]) => id);
  return [offenders.length === 0, `orders ${JSON.stringify(countByStatus(orders))}, analytics ${JSON.stringify(countByStatus(analytics))}`, offenders];
}

export function countByStatus(statuses: Map<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses.values()) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
