// The provider's books: every authorization attempt (approved or declined) and its refunds, kept
// in memory for the life of the process. GET /v1/authorizations exposes them so invariant checks
// can prove an order was never charged twice.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const authorizationRequestSchema = z.object({
  orderId: z.string().trim().min(1),
  customerId: z.string().trim().min(1),
  amountMinor: z.number().int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO-4217 code such as EUR'),
});

export const refundRequestSchema = z.object({
  amountMinor: z.number().int().positive().optional(),
  reason: z.string().max(500).optional(),
});

export type AuthorizationRequest = z.output<typeof authorizationRequestSchema>;
export type RefundRequest = z.output<typeof refundRequestSchema>;

export interface Refund {
  refundId: string;
  paymentId: string;
  amountMinor: number;
  reason: string | null;
  idempotencyKey: string;
  createdAt: number;
}

export interface Authorization extends AuthorizationRequest {
  paymentId: string;
  status: 'AUTHORIZED' | 'DECLINED';
  declineReason: string | null;
  idempotencyKey: string;
  createdAt: number;
  refunds: Refund[];
}

export type Decision = { approved: true } | { approved: false; reason: string };

export interface DecisionRules {
  amountLimitMinor: number;
  /** Called only when the deterministic rules approve; true turns the approval into a decline. */
  randomDecline: () => boolean;
}

/** Deterministic outcomes first so tests can rely on them whatever the random knob says. */
export function decide(request: AuthorizationRequest, rules: DecisionRules): Decision {
  if (request.customerId.toUpperCase().includes('DECLINE')) return { approved: false, reason: 'card_declined' };
  if (request.amountMinor > rules.amountLimitMinor) return { approved: false, reason: 'amount_limit_exceeded' };
  if (rules.randomDecline()) return { approved: false, reason: 'insufficient_funds' };
  return { approved: true };
}

export type RefundResult =
  | { kind: 'refunded'; refund: Refund }
  | { kind: 'not_authorized' }
  | { kind: 'exceeds_remaining'; remainingMinor: number };

export class PaymentLedger {
  private readonly byId = new Map<string, Authorization>();

  constructor(private readonly clock: () => number) {}

  record(request: AuthorizationRequest, decision: Decision, idempotencyKey: string): Authorization {
    const authorization: Authorization = {
      ...request,
      paymentId: `pay_${randomUUID()}`,
      status: decision.approved ? 'AUTHORIZED' : 'DECLINED',
      declineReason: decision.approved ? null : decision.reason,
      idempotencyKey,
      createdAt: this.clock(),
      refunds: [],
    };
    this.byId.set(authorization.paymentId, authorization);
    return authorization;
  }

  find(paymentId: string): Authorization | undefined {
    return this.byId.get(paymentId);
  }

  /** In the order they were made; all of them when no order id is given. */
  list(orderId?: string): Authorization[] {
    const all = [...this.byId.values()];
    return orderId === undefined ? all : all.filter((authorization) => authorization.orderId === orderId);
  }

  /** Refunds the rest of the authorization unless a smaller amount is asked for. */
  refund(authorization: Authorization, request: RefundRequest, idempotencyKey: string): RefundResult {
    if (authorization.status !== 'AUTHORIZED') return { kind: 'not_authorized' };
    const refunded = authorization.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0);
    const remainingMinor = authorization.amountMinor - refunded;
    const amountMinor = request.amountMinor ?? remainingMinor;
    if (amountMinor <= 0 || amountMinor > remainingMinor) return { kind: 'exceeds_remaining', remainingMinor };
    const refund: Refund = {
      refundId: `re_${randomUUID()}`,
      paymentId: authorization.paymentId,
      amountMinor,
      reason: request.reason ?? null,
      idempotencyKey,
      createdAt: this.clock(),
    };
    authorization.refunds.push(refund);
    return { kind: 'refunded', refund };
  }
}
