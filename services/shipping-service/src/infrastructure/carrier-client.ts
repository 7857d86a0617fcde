import {
  createBreaker,
  DependencyUnavailableError,
  isRetriable,
  retryWithBackoff,
  type Breaker,
  type BreakerState,
  type Logger,
  type Metrics,
} from '@kot/service-kit';
import type { Booking } from '../shipments/shipment';

export interface BookingRequest {
  orderId: string;
  recipient: unknown;
  items: unknown;
  callbackUrl: string;
}

export type BookingResult = { outcome: 'BOOKED'; booking: Booking } | { outcome: 'REFUSED'; reason: string };
export type CancelResult = { outcome: 'CANCELLED' } | { outcome: 'ALREADY_SHIPPED'; status: string };

export interface CarrierClient {
  book(request: BookingRequest): Promise<BookingResult>;
  cancel(trackingNumber: string): Promise<CancelResult>;
  breakerState(): BreakerState;
  shutdown(): void;
}

export interface CarrierOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Quick retries inside one attempt; the worker's own backoff covers longer outages. */
  retries: number;
  retryBaseMs: number;
  breaker: { resetTimeoutMs: number; errorThresholdPercentage: number; volumeThreshold: number };
  metrics: Metrics;
  logger: Logger;
}

interface Reply {
  status: number;
  json: Record<string, unknown>;
}

/** One HTTP call; an unreachable carrier, a 5xx or a 429 is a retriable outage, any other answer is a reply. */
async function send(url: string, key: string | null, body: unknown, timeoutMs: number): Promise<Reply> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new DependencyUnavailableError('carrier unreachable', { cause: error });
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status >= 500 || response.status === 429)
    throw new DependencyUnavailableError(`carrier answered ${response.status}`);
  return { status: response.status, json };
}

const text = (value: unknown, fallback: string): string => (typeof value === 'string' && value ? value : fallback);

/** Latest instant a JavaScript Date (and so the shipment's timestamptz column) can hold: 8.64e15 ms. */
const MAX_DATE_MS = 8.64e15;

export type BookingReply = { booking: Booking; notes: string[] } | { refusal: string };

/**
 * Checks a booking answer against what the service and the event contract (ShipmentScheduled: Avro
 * strings and an epoch-millisecond long) can carry, where it enters: a value the Avro encoder refuses
 * would otherwise sit in the outbox, parked, and the order would never be confirmed.
 * - No tracking number: refused. Callbacks find a parcel by it and cancellation needs it, so the
 *   booking cannot be used; refusing fails the shipment and the saga compensates the order.
 * - A fractional estimate: truncated to whole milliseconds (what the column stores too, so the event
 *   and the stored shipment agree). Missing, not finite, negative or past what a date can hold: 0, which
 *   this service has always recorded for "no estimate" (the Avro long has no null; the booking is real
 *   and an estimate only a forecast, so it is no reason to fail the order). Each normalisation is logged.
 * - No carrier name: 'unknown'; it is only a label.
 */
export function bookingFromReply(json: Record<string, unknown>): BookingReply {
  // Kept as sent (not trimmed): the carrier's callbacks name the parcel by exactly this value.
  const trackingNumber =
    typeof json.trackingNumber === 'string' && json.trackingNumber.trim() !== '' ? json.trackingNumber : '';
  if (!trackingNumber)
    return {
      refusal: `invalid_carrier_reply: no tracking number (got ${JSON.stringify(json.trackingNumber ?? null)})`,
    };
  const notes: string[] = [];
  const estimate = estimatedDelivery(json.estimatedDeliveryAt, notes);
  if (typeof json.carrier !== 'string' || !json.carrier) notes.push('no carrier name: recorded as unknown');
  return {
    booking: {
      carrier: text(json.carrier, 'unknown'),
      trackingNumber,
      carrierRef: text(json.shipmentRef, ''),
      estimatedDeliveryAt: estimate,
    },
    notes,
  };
}

function estimatedDelivery(raw: unknown, notes: string[]): number {
  const value = typeof raw === 'number' || (typeof raw === 'string' && raw.trim() !== '') ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value < 0 || value > MAX_DATE_MS) {
    notes.push(
      `estimatedDeliveryAt ${JSON.stringify(raw ?? null)} is not an instant in epoch milliseconds: recorded as no estimate (0)`,
    );
    return 0;
  }
  if (!Number.isInteger(value))
    notes.push(`estimatedDeliveryAt ${value} has a fraction of a millisecond: truncated to ${Math.trunc(value)}`);
  return Math.trunc(value);
}

/** A 2xx booking answer as the worker sees it; what was refused or normalised is logged, with the order. */
function accepted(logger: Logger, orderId: string, reply: BookingReply): BookingResult {
  if ('refusal' in reply) {
    logger.error({ orderId, reason: reply.refusal }, 'carrier booked but its answer is unusable; failing the shipment');
    return { outcome: 'REFUSED', reason: reply.refusal };
  }
  for (const note of reply.notes)
    logger.warn({ orderId, trackingNumber: reply.booking.trackingNumber, note }, 'carrier answer normalised');
  return { outcome: 'BOOKED', booking: reply.booking };
}

/**
 * The carrier's API behind one circuit breaker (timeout per call, quick retries with jittered backoff).
 * The order id is the booking's Idempotency-Key, so however often a booking is retried, by however many
 * instances, the carrier creates one shipment. A 4xx other than 429 is the carrier's final word.
 */
export function createCarrierClient(options: CarrierOptions): CarrierClient {
  const calls = options.metrics.counter({
    name: 'carrier_requests_total',
    help: 'Calls to the carrier API by operation and outcome',
    labelNames: ['operation', 'outcome'],
  });
  const breaker: Breaker<[string, string | null, unknown], Reply> = createBreaker(
    'carrier',
    (path, key, body) => send(new URL(path, options.baseUrl).toString(), key, body, options.timeoutMs),
    { timeoutMs: options.timeoutMs + 500, ...options.breaker },
    { metrics: options.metrics, logger: options.logger },
  );
  // An open circuit will not close within a quick retry's wait: give the attempt up at once.
  const worthRetrying = (error: unknown): boolean =>
    isRetriable(error) && (error as { code?: string }).code !== 'CIRCUIT_OPEN';
  const call = async (operation: string, path: string, key: string | null, body?: unknown): Promise<Reply> => {
    try {
      const reply = await retryWithBackoff(() => breaker.fire(path, key, body), {
        retries: options.retries,
        baseMs: options.retryBaseMs,
        maxMs: options.retryBaseMs * 8,
        isRetriable: worthRetrying,
      });
      calls.inc({ operation, outcome: String(reply.status) });
      return reply;
    } catch (error) {
      calls.inc({
        operation,
        outcome: (error as { code?: string }).code === 'CIRCUIT_OPEN' ? 'circuit_open' : 'unavailable',
      });
      throw error;
    }
  };

  return {
    async book(request) {
      const { status, json } = await call('book', '/v1/shipments', request.orderId, request);
      if (status === 200 || status === 201) return accepted(options.logger, request.orderId, bookingFromReply(json));
      const reason =
        status === 400
          ? `invalid_request: ${text(json.message, 'rejected by the carrier')}`
          : text(json.reason, text(json.error, `carrier_refused_${status}`));
      return { outcome: 'REFUSED', reason };
    },
    async cancel(trackingNumber) {
      const { status, json } = await call('cancel', `/v1/shipments/${encodeURIComponent(trackingNumber)}/cancel`, null);
      if (status === 409) return { outcome: 'ALREADY_SHIPPED', status: text(json.status, 'SHIPPED') };
      if (status === 200 || status === 404) return { outcome: 'CANCELLED' }; // 404: the carrier holds no such parcel, nothing left to cancel
      throw new DependencyUnavailableError(`carrier refused the cancellation (${status})`);
    },
    breakerState: () => breaker.state(),
    shutdown: () => breaker.shutdown(),
  };
}
