// The payment provider as the order service sees it over HTTP: authorizations keyed by the order id
// (the Idempotency-Key), refunds keyed by `refund-<order id>`; a repeated request gets the first
// answer. Its books are what the invariants judge (money settled).
import type { PaymentRecord } from '@kot/invariants';

export type PaymentRequest =
  | { kind: 'authorize'; orderId: string; amountMinor: number; declines: boolean }
  | { kind: 'refund'; orderId: string; paymentId: string; amountMinor: number };

export type PaymentReply =
  | { kind: 'authorized'; paymentId: string }
  | { kind: 'declined'; reason: string }
  | { kind: 'refunded'; refundId: string }
  | { kind: 'rejected'; status: number };

interface Authorization {
  orderId: string;
  paymentId: string;
  status: 'AUTHORIZED' | 'DECLINED';
  amountMinor: number;
  refundedMinor: number;
}

export class PaymentProviderModel {
  private readonly byKey = new Map<string, Authorization>();
  private readonly refunds = new Map<string, PaymentReply>();

  handle(request: PaymentRequest): PaymentReply {
    return request.kind === 'authorize' ? this.authorize(request) : this.refund(request);
  }

  records(): PaymentRecord[] {
    return [...this.byKey.values()].map(({ orderId, status, amountMinor, refundedMinor }) => ({
      orderId,
      status,
      amountMinor,
      refundedMinor,
    }));
  }

  private authorize(request: Extract<PaymentRequest, { kind: 'authorize' }>): PaymentReply {
    const existing = this.byKey.get(request.orderId);
    const authorization = existing ?? {
      orderId: request.orderId,
      paymentId: `pay-${request.orderId}`,
      status: request.declines ? 'DECLINED' : 'AUTHORIZED',
      amountMinor: request.amountMinor,
      refundedMinor: 0,
    };
    this.byKey.set(request.orderId, authorization);
    return authorization.status === 'AUTHORIZED'
      ? { kind: 'authorized', paymentId: authorization.paymentId }
      : { kind: 'declined', reason: 'card_declined' };
  }

  private refund(request: Extract<PaymentRequest, { kind: 'refund' }>): PaymentReply {
    const key = `refund-${request.orderId}`;
    const replayed = this.refunds.get(key);
    if (replayed) return replayed;
    const authorization = [...this.byKey.values()].find((a) => a.paymentId === request.paymentId);
    if (!authorization) return { kind: 'rejected', status: 404 };
    if (
      authorization.status !== 'AUTHORIZED' ||
      request.amountMinor > authorization.amountMinor - authorization.refundedMinor
    )
      return { kind: 'rejected', status: 409 };
    authorization.refundedMinor += request.amountMinor;
    const reply: PaymentReply = { kind: 'refunded', refundId: `refund-${request.orderId}` };
    this.refunds.set(key, reply);
    return reply;
  }
}
