import type { Booking, ShipmentStatus, TrackedStatus } from './shipment';

/**
 * What the shipping decider can say happened, in its own words. It is deliberately narrower than the
 * public contract: the decider cannot emit another service's event, and shipment.public.ts is the one
 * place these become Avro events. Each event carries what its public event needs (ids, reasons), so
 * that mapping reads the event alone. `at` is the command's time: it becomes the tracking step's time.
 */
export type ShipmentEvent = ShipmentFact | ShipmentAnswer;

/** Facts: each changes the shipment (evolve builds the new row); those with `at` also add a tracking step. */
export type ShipmentFact =
  /** A request for an order with no shipment: PENDING, owing the carrier booking. */
  | { type: 'ShipmentOpened'; shipmentId: string; orderId: string; at: number }
  /** The carrier booked it: SCHEDULED; a cancel already owed stays owed. */
  | { type: 'BookingRecorded'; shipmentId: string; orderId: string; booking: Booking; at: number }
  /** The carrier refused the booking: FAILED. */
  | { type: 'BookingRefused'; shipmentId: string; orderId: string; reason: string; at: number }
  /** A booking landed on a shipment already CANCELLED: it is voided at the carrier, silently. */
  | { type: 'LateBookingFound'; shipmentId: string; booking: Booking }
  /** A cancellation has to go through the carrier first (or wait for the booking call to resolve). */
  | { type: 'CarrierCancelQueued'; shipmentId: string }
  /**
   * CANCELLED: a tombstone when no shipment existed yet, otherwise the shipment moves there. `booked`
   * says whether a booking existed and was cancelled at the carrier (the public event names it then).
   */
  | { type: 'CancellationRecorded'; shipmentId: string; orderId: string; booked: boolean; at: number }
  /** The carrier would not cancel: the parcel already left. The cancel is no longer owed. */
  | { type: 'CarrierCancelRefused'; shipmentId: string; orderId: string; carrierStatus: string }
  /** The carrier answered a void (cancelled, refused, or the booking never existed): nothing is owed. */
  | { type: 'VoidSettled'; shipmentId: string }
  /** The carrier reported the parcel at a new step; a cancel still owed can no longer happen. */
  | {
      type: 'ParcelMoved';
      shipmentId: string;
      orderId: string;
      trackingNumber: string;
      status: TrackedStatus;
      location: string | null;
      at: number;
    };

/**
 * Answers: they change nothing. A repeated request or cancel (the saga retrying, or asking where the
 * parcel is) is answered again from what is stored, and a cancel after the parcel left is rejected.
 */
export type ShipmentAnswer =
  | { type: 'FailureRestated'; orderId: string; reason: string }
  | { type: 'BookingRestated'; shipmentId: string; orderId: string; booking: Booking }
  | {
      type: 'StatusRestated';
      shipmentId: string;
      orderId: string;
      trackingNumber: string;
      status: TrackedStatus;
      at: number;
    }
  /** `shipmentId` is null when nothing had been booked. */
  | { type: 'CancellationRestated'; orderId: string; shipmentId: string | null }
  | { type: 'CancellationRejected'; shipmentId: string; orderId: string; status: ShipmentStatus };
