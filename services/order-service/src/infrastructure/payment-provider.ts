import { createBreaker, DependencyUnavailableError, type Breaker, type Logger, type Metrics } from '@kot/service-kit';

export type AuthorizationResult =
  { outcome: 'AUTHORIZED'; paymentId: string } | { outcome: 'DECLINED'; reason: string };

export interface AuthorizationRequest {
  orderId: string;
  customerId: string;
  amountMinor: number;
  currency: string;
}

export interface PaymentProvider {
  authorize(request: AuthorizationRequest): Promise<AuthorizationResult>;
  refund(orderId: string, paymentId: string, amountMinor: number): Promise<{ refundId: string }>;
  breakerState(): string;
  shutdown(): void;
}

export interface PaymentProviderOptions {
  baseUrl: string;
  timeoutMs: number;
  metrics: Metrics;
  logger: Logger;
}

async function post(
  url: string,
  idempotencyKey: string,
  body: unknown,
  timeoutMs: number,
): Promise<{ status: number; json: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new DependencyUnavailableError('payment provider unreachable', { cause: error });
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status >= 500 || response.status === 429)
    throw new DependencyUnavailableError(`payment provider answered ${response.status}`);
  return { status: response.status, json };
}

/**
 * The external payment provider over HTTP, behind one circuit breaker. The order id is the
 * idempotency key of the authorization (and of its refund), so a retry can never charge twice.
 */
export function createPaymentProvider({
  baseUrl,
  timeoutMs,
  metrics,
  logger,
}: PaymentProviderOptions): PaymentProvider {
  const call = (path: string, key: string, body: unknown) =>
    post(new URL(path, baseUrl).toString(), key, body, timeoutMs);
  const breaker: Breaker<[string, string, unknown], { status: number; json: Record<string, unknown> }> = createBreaker(
    'payment-provider',
    call,
    {
      timeoutMs: timeoutMs + 500,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 5000,
      volumeThreshold: 5,
    },
    { metrics, logger },
  );

  return {
    async authorize(request) {
      const { status, json } = await breaker.fire('/v1/authorizations', request.orderId, request);
      if (status === 201 || status === 200) return { outcome: 'AUTHORIZED', paymentId: String(json.paymentId) };
      if (status === 402) return { outcome: 'DECLINED', reason: String(json.reason ?? 'declined') };
      throw new DependencyUnavailableError(`payment provider rejected the authorization request (${status})`);
    },
    async refund(orderId, paymentId, amountMinor) {
      const { status, json } = await breaker.fire(
        `/v1/authorizations/${encodeURIComponent(paymentId)}/refunds`,
        `refund-${orderId}`,
        { amountMinor },
      );
      if (status === 201 || status === 200) return { refundId: String(json.refundId) };
      throw new DependencyUnavailableError(`payment provider rejected the refund (${status})`);
    },
    breakerState: () => breaker.state(),
    shutdown: () => breaker.shutdown(),
  };
}
