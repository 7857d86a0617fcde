// The carrier as shipping sees it: bookings keyed by the order id (the Idempotency-Key), a parcel
// that is cancellable until it ships, and tracking callbacks to shipping's webhook. A real carrier
// skips statuses, repeats a callback and delivers callbacks out of order; the model can do all three.
import type { BookingRecord } from '@kot/invariants';

export const PARCEL_FLOW = ['SCHEDULED', 'SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const;
export type ParcelStatus = (typeof PARCEL_FLOW)[number] | 'CANCELLED';
export type TrackedStatus = Exclude<(typeof PARCEL_FLOW)[number], 'SCHEDULED'>;

export interface Parcel {
  orderId: string;
  trackingNumber: string;
  status: ParcelStatus;
  /** Callbacks not yet accepted by shipping, oldest first, and those it accepted (a faulty carrier repeats them). */
  outbox: TrackedStatus[];
  posted: TrackedStatus[];
  /** After a 503 the carrier waits before posting again. */
  retryAt: number;
}

export type CarrierRequest =
  { kind: 'book'; orderId: string; undeliverable: boolean } | { kind: 'cancel'; trackingNumber: string };

export type CarrierReply =
  | { kind: 'booked'; trackingNumber: string; estimatedDeliveryAt: number }
  | { kind: 'refused'; reason: string }
  | { kind: 'cancelled' }
  | { kind: 'already-shipped'; status: string }
  | { kind: 'unknown-parcel' };

export class CarrierModel {
  private readonly parcels = new Map<string, Parcel>();

  constructor(private readonly now: () => number) {}

  handle(request: CarrierRequest): CarrierReply {
    return request.kind === 'book'
      ? this.book(request.orderId, request.undeliverable)
      : this.cancel(request.trackingNumber);
  }

  /** Parcels still on their way (not delivered, not cancelled). */
  moving(): Parcel[] {
    return [...this.parcels.values()].filter((p) => p.status !== 'DELIVERED' && p.status !== 'CANCELLED');
  }

  /** Parcels with callbacks to post, or already posted (which a faulty carrier may post again). */
  withCallbacks(): Parcel[] {
    return [...this.parcels.values()].filter(
      (p) => (p.outbox.length > 0 && p.retryAt <= this.now()) || p.posted.length > 0,
    );
  }

  retryTimes(): number[] {
    return [...this.parcels.values()].filter((p) => p.outbox.length > 0).map((p) => p.retryAt);
  }

  /** The parcel moves one step, or `skip` steps at once; only the last status is reported when skipping. */
  advance(parcel: Parcel, skip: number): void {
    const index = PARCEL_FLOW.indexOf(parcel.status as (typeof PARCEL_FLOW)[number]);
    const next = PARCEL_FLOW[Math.min(index + 1 + skip, PARCEL_FLOW.length - 1)] as TrackedStatus;
    parcel.status = next;
    parcel.outbox.push(next);
  }

  records(): BookingRecord[] {
    return [...this.parcels.values()].map((p) => ({ orderId: p.orderId, status: p.status }));
  }

  private book(orderId: string, undeliverable: boolean): CarrierReply {
    if (undeliverable) return { kind: 'refused', reason: 'address not deliverable' };
    const parcel = this.parcels.get(orderId) ?? {
      orderId,
      trackingNumber: `SIM-${orderId}`,
      status: 'SCHEDULED',
      outbox: [],
      posted: [],
      retryAt: 0,
    };
    this.parcels.set(orderId, parcel);
    return { kind: 'booked', trackingNumber: parcel.trackingNumber, estimatedDeliveryAt: this.now() + 86_400_000 };
  }

  private cancel(trackingNumber: string): CarrierReply {
    const parcel = [...this.parcels.values()].find((p) => p.trackingNumber === trackingNumber);
    if (!parcel) return { kind: 'unknown-parcel' };
    if (parcel.status === 'SCHEDULED' || parcel.status === 'CANCELLED') {
      parcel.status = 'CANCELLED';
      return { kind: 'cancelled' };
    }
    return { kind: 'already-shipped', status: parcel.status };
  }
}
