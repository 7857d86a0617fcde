// The carrier's parcels and their tracking flow. A parcel is SCHEDULED (label printed, still
// cancellable) until it is SHIPPED, then moves through the flow one step at a time to DELIVERED.
import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';

export const CARRIER_NAME = 'SimExpress';
export const TRACKING_FLOW = ['SCHEDULED', 'SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const;
export type FlowStatus = (typeof TRACKING_FLOW)[number];
export type ShipmentStatus = FlowStatus | 'CANCELLED';

const text = z.string().trim().min(1).max(500);

export const shipmentRequestSchema = z.object({
  orderId: text,
  recipient: z.object({ name: text, address: text, city: text, state: text, zipCode: text }),
  items: z.array(z.object({ productId: text, quantity: z.number().int().positive() })).min(1),
  callbackUrl: z.url({ protocol: /^https?$/ }),
});

export type ShipmentRequest = z.output<typeof shipmentRequestSchema>;

export interface TrackingEvent {
  trackingNumber: string;
  status: ShipmentStatus;
  location: string;
  occurredAt: number;
}

export interface Shipment extends ShipmentRequest {
  shipmentRef: string;
  trackingNumber: string;
  carrier: typeof CARRIER_NAME;
  status: ShipmentStatus;
  /** Address marked HOLD: only POST /admin/shipments/:trackingNumber/advance moves it. */
  held: boolean;
  createdAt: number;
  estimatedDeliveryAt: number;
  history: TrackingEvent[];
}

/** Address markers that make outcomes deterministic for tests; upper case so "Holden St" is not held. */
export const isUndeliverable = (request: ShipmentRequest): boolean =>
  request.recipient.address.includes('UNDELIVERABLE');
const isHeld = (request: ShipmentRequest): boolean => request.recipient.address.includes('HOLD');

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Exact in binary, so the fraction survives JSON unchanged and tests can name it. */
export const ESTIMATE_FRACTION = 0.375;

export class ShipmentBook {
  private readonly byTracking = new Map<string, Shipment>();

  constructor(private readonly clock: () => number) {}

  /**
   * The estimate assumes the configured pace, so it is right whenever nothing holds the parcel.
   * `fractionalEstimate` gives it a fraction of a millisecond, as a carrier on a high-resolution clock would.
   */
  create(request: ShipmentRequest, stepMs: number, fractionalEstimate = false): Shipment {
    const createdAt = this.clock();
    const estimate = createdAt + stepMs * (TRACKING_FLOW.length - 1);
    const trackingNumber = this.newTrackingNumber();
    const shipment: Shipment = {
      ...request,
      shipmentRef: `shp_${randomUUID()}`,
      trackingNumber,
      carrier: CARRIER_NAME,
      status: 'SCHEDULED',
      held: isHeld(request),
      createdAt,
      estimatedDeliveryAt: fractionalEstimate ? Math.floor(estimate) + ESTIMATE_FRACTION : estimate,
      history: [
        { trackingNumber, status: 'SCHEDULED', location: locationFor('SCHEDULED', request), occurredAt: createdAt },
      ],
    };
    this.byTracking.set(trackingNumber, shipment);
    return shipment;
  }

  get(trackingNumber: string): Shipment | undefined {
    return this.byTracking.get(trackingNumber);
  }

  /** Every parcel booked for an order, oldest first: how a client that lost a booking's reply finds it again. */
  ofOrder(orderId: string): Shipment[] {
    return [...this.byTracking.values()].filter((shipment) => shipment.orderId === orderId);
  }

  get size(): number {
    return this.byTracking.size;
  }

  /**
   * Moves one step along the flow (two with `skip`: the status between is never scanned, so it is
   * neither in the history nor reported); undefined when delivered or cancelled.
   */
  step(shipment: Shipment, skip = false): TrackingEvent | undefined {
    const once = nextStatus(shipment.status);
    const next = skip && once !== undefined ? (nextStatus(once) ?? once) : once;
    if (next === undefined) return undefined;
    const event: TrackingEvent = {
      trackingNumber: shipment.trackingNumber,
      status: next,
      location: locationFor(next, shipment),
      occurredAt: this.clock(),
    };
    shipment.status = next;
    shipment.history.push(event);
    return event;
  }

  /** Cancelling twice is fine; once the parcel has left, it is too late. */
  cancel(shipment: Shipment): 'cancelled' | 'already_shipped' {
    if (shipment.status !== 'SCHEDULED' && shipment.status !== 'CANCELLED') return 'already_shipped';
    if (shipment.status === 'SCHEDULED') {
      shipment.status = 'CANCELLED';
      shipment.history.push({
        trackingNumber: shipment.trackingNumber,
        status: 'CANCELLED',
        location: locationFor('CANCELLED', shipment),
        occurredAt: this.clock(),
      });
    }
    return 'cancelled';
  }

  private newTrackingNumber(): string {
    for (;;) {
      let candidate = 'SIM';
      for (let i = 0; i < 12; i++) candidate += ALPHABET[randomInt(ALPHABET.length)];
      if (!this.byTracking.has(candidate)) return candidate;
    }
  }
}

export function nextStatus(status: ShipmentStatus): FlowStatus | undefined {
  const index = TRACKING_FLOW.indexOf(status as FlowStatus);
  return index < 0 ? undefined : TRACKING_FLOW[index + 1];
}

export function flowIndex(status: ShipmentStatus): number {
  return TRACKING_FLOW.indexOf(status as FlowStatus);
}

function locationFor(status: ShipmentStatus, request: ShipmentRequest): string {
  const { address, city, state, zipCode } = request.recipient;
  switch (status) {
    case 'SCHEDULED':
      return 'SimExpress label created';
    case 'SHIPPED':
      return 'SimExpress Hub, Louisville, KY';
    case 'IN_TRANSIT':
      return `SimExpress sort center en route to ${city}, ${state}`;
    case 'OUT_FOR_DELIVERY':
      return `SimExpress delivery station, ${city}, ${state}`;
    case 'DELIVERED':
      return `${address}, ${city}, ${state} ${zipCode}`;
    case 'CANCELLED':
      return 'SimExpress label voided';
  }
}
