import type { ShipmentStatus as TrackedStatus } from '@kot/events';
import { AppError } from '@kot/service-kit';

/**
 * A shipment as shipping keeps it: one per order. PENDING means the carrier has not been booked yet;
 * SCHEDULED means booked (label printed, still cancellable); SHIPPED onwards is reported by the carrier.
 * Carrier calls are never made while deciding: `work` records the call still owed, and a worker makes
 * it and reports the result back as a command.
 */
export const FLOW = ['PENDING', 'SCHEDULED', 'SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const;
export type FlowStatus = (typeof FLOW)[number];
export type ShipmentStatus = FlowStatus | 'FAILED' | 'CANCELLED';
export const SHIPMENT_STATUSES: readonly ShipmentStatus[] = [...FLOW, 'FAILED', 'CANCELLED'];

export type { TrackedStatus };

/**
 * BOOK: create the booking. CANCEL: the saga asked to cancel; on a PENDING shipment (a booking call may
 * have landed with its reply lost) the booking request is first sent again under the same idempotency
 * key, which answers with that booking (or makes one), and then it is cancelled. VOID: cancel, silently,
 * a booking that landed on a shipment already CANCELLED (rows written before CANCEL waited for it).
 */
export type CarrierWork = 'BOOK' | 'CANCEL' | 'VOID';

export interface Booking {
  carrier: string;
  trackingNumber: string;
  carrierRef: string;
  estimatedDeliveryAt: number;
}

export interface Shipment {
  shipmentId: string;
  orderId: string;
  status: ShipmentStatus;
  booking: Booking | null;
  failureReason: string | null;
  work: CarrierWork | null;
  /** Statuses already in the tracking history: a callback for one of them is a repeat. */
  reached: ShipmentStatus[];
}

export interface TrackingStep {
  status: ShipmentStatus;
  location: string | null;
  occurredAt: number;
  source: 'carrier' | 'service';
}

export type ShipmentCommand =
  | { type: 'RequestShipment'; orderId: string; newShipmentId: string; now: number }
  | { type: 'CancelShipment'; orderId: string; newShipmentId: string; now: number }
  | { type: 'RecordBooking'; booking: Booking; now: number }
  | { type: 'RecordRefusal'; reason: string; now: number }
  | { type: 'RecordCarrierCancel'; now: number }
  | { type: 'RecordCancelRefused'; carrierStatus: string; now: number }
  | {
      type: 'RecordTracking';
      trackingNumber: string;
      status: TrackedStatus;
      location: string | null;
      occurredAt: number;
    };

/** The decider's state: the order's shipment as read under lock, or null when none was recorded yet. */
export type ShipmentState = Shipment | null;

/**
 * What one decision leaves to store, derived from its events (shipment.evolve.ts): the new shipment
 * (null: unchanged, no row to write) and the tracking steps to append.
 */
export interface ShipmentChange {
  shipment: Shipment | null;
  history: TrackingStep[];
}

export const flowIndex = (status: ShipmentStatus): number => FLOW.indexOf(status as FlowStatus);

/** True once the parcel has left: from SHIPPED on, a booking can no longer be cancelled. */
export const hasShipped = (status: ShipmentStatus): status is TrackedStatus =>
  flowIndex(status) >= flowIndex('SHIPPED');

/**
 * A carrier callback that came before this service recorded the booking (the carrier can be faster
 * than our own bookkeeping). 503 + retriable: the carrier retries it later, when it will apply.
 */
export class ShipmentNotBookedYetError extends AppError {
  constructor(shipmentId: string) {
    super({
      code: 'SHIPMENT_NOT_BOOKED_YET',
      status: 503,
      title: 'Shipment not booked yet',
      detail: `shipment ${shipmentId} is still being booked; retry shortly`,
      retriable: true,
      retryAfterSeconds: 1,
    });
  }
}
