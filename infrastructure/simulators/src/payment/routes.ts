// The provider's public API: authorize, refund, and list what was charged (for invariant checks).
import { Router, type Request, type Response } from 'express';
import type { FaultInjector, PaymentFaults } from '../shared/faults';
import { parseBody, requireIdempotencyKey, sendError } from '../shared/http';
import { IdempotencyStore, sendOutcome, type StoredResponse } from '../shared/idempotency';
import type { Logger } from '../shared/runtime';
import {
  authorizationRequestSchema,
  decide,
  refundRequestSchema,
  type Authorization,
  type PaymentLedger,
} from './ledger';

export interface PaymentRouteDeps {
  ledger: PaymentLedger;
  idempotency: IdempotencyStore;
  faults: FaultInjector<PaymentFaults>;
  amountLimitMinor: number;
  log: Logger;
}

export function paymentRouter(deps: PaymentRouteDeps): Router {
  const router = Router();
  router.post('/v1/authorizations', (req, res) => authorize(deps, req, res));
  router.get('/v1/authorizations', (req, res) => {
    const orderId = typeof req.query.orderId === 'string' && req.query.orderId !== '' ? req.query.orderId : undefined;
    res.json(deps.ledger.list(orderId));
  });
  router.get('/v1/authorizations/:paymentId', (req, res) => {
    const authorization = deps.ledger.find(req.params.paymentId);
    if (authorization) res.json(authorization);
    else sendError(res, 404, 'payment_not_found', `no payment ${req.params.paymentId}`);
  });
  router.post('/v1/authorizations/:paymentId/refunds', (req, res) => refund(deps, req, res));
  return router;
}

function authorize(deps: PaymentRouteDeps, req: Request, res: Response): void {
  const key = requireIdempotencyKey(req, res);
  if (key === undefined) return;
  const request = parseBody(authorizationRequestSchema, req, res);
  if (request === undefined) return;
  const outcome = deps.idempotency.execute('authorizations', key, request, () => {
    const declineRate = deps.faults.current().declineRate;
    const decision = decide(request, {
      amountLimitMinor: deps.amountLimitMinor,
      randomDecline: () => deps.faults.drawDecline(declineRate),
    });
    const authorization = deps.ledger.record(request, decision, key);
    deps.log.info('authorization', {
      orderId: request.orderId,
      paymentId: authorization.paymentId,
      status: authorization.status,
      reason: authorization.declineReason,
    });
    return authorizationResponse(authorization);
  });
  sendOutcome(res, key, outcome);
}

function authorizationResponse(authorization: Authorization): StoredResponse {
  if (authorization.status === 'DECLINED') {
    return {
      status: 402,
      body: { status: 'DECLINED', reason: authorization.declineReason, orderId: authorization.orderId },
    };
  }
  const { paymentId, status, orderId, amountMinor, currency } = authorization;
  return { status: 201, body: { paymentId, status, orderId, amountMinor, currency } };
}

function refund(deps: PaymentRouteDeps, req: Request, res: Response): void {
  const key = requireIdempotencyKey(req, res);
  if (key === undefined) return;
  const request = parseBody(refundRequestSchema, req, res, true);
  if (request === undefined) return;
  const paymentId = req.params.paymentId as string;
  const authorization = deps.ledger.find(paymentId);
  if (!authorization) {
    sendError(res, 404, 'payment_not_found', `no payment ${paymentId}`);
    return;
  }
  // The payment id is part of the request: one key reused for another payment is a conflict.
  const outcome = deps.idempotency.execute('refunds', key, { paymentId, ...request }, (): StoredResponse => {
    const result = deps.ledger.refund(authorization, request, key);
    if (result.kind === 'not_authorized')
      return {
        status: 409,
        body: {
          error: 'payment_not_authorized',
          reason: 'payment_not_authorized',
          message: `payment ${paymentId} was declined`,
        },
      };
    if (result.kind === 'exceeds_remaining') {
      const { remainingMinor } = result;
      return {
        status: 409,
        body: {
          error: 'refund_exceeds_remaining',
          reason: 'refund_exceeds_remaining',
          remainingMinor,
          message: `only ${remainingMinor} left to refund`,
        },
      };
    }
    deps.log.info('refund', { paymentId, refundId: result.refund.refundId, amountMinor: result.refund.amountMinor });
    const { refundId, amountMinor } = result.refund;
    return { status: 201, body: { refundId, paymentId, amountMinor } };
  });
  sendOutcome(res, key, outcome);
}
