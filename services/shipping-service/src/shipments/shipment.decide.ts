import { ConflictError, type Decider, assertNever } from '@kot/service-kit';
import {
  flowIndex,
  hasShipped,
  ShipmentNotBookedYetError,
  type Shipment,
  type ShipmentCommand,
  type ShipmentState,
  type ShipmentStatus,
} from './shipment';
import type { ShipmentEvent } from './shipment.events';
import { evolve, initialState } from './shipment.evolve';

type Command<T extends ShipmentCommand['type']> = Extract<ShipmentCommand, { type: T }>;

const rejected = (s: Shipment, status: ShipmentStatus): ShipmentEvent => ({
  type: 'CancellationRejected',
  shipmentId: s.shipmentId,
  orderId: s.orderId,
  status,
});

/** A new request books the carrier (later, by the worker); a repeat gets the answer already given. */
function request(current: ShipmentState, command: Command<'RequestShipment'>): ShipmentEvent[] {
  if (!current)
    return [{ type: 'ShipmentOpened', shipmentId: command.newShipmentId, orderId: command.orderId, at: command.now }];
  const { shipmentId, orderId, status, booking } = current;
  if (status === 'FAILED') return [{ type: 'FailureRestated', orderId, reason: current.failureReason ?? 'failed' }];
  if (status === 'PENDING' || status === 'CANCELLED') return []; // still booking / cancelled first: never book
  if (!booking) return [];
  return [{ type: 'BookingRestated', shipmentId, orderId, booking }, ...latestStatus(current, command.now)];
}

/**
 * A repeated request is also the saga's question "where is the parcel?" (its delivery deadline passed
 * with no news): the answer includes the parcel's latest status, so an order can catch up with it.
 */
function latestStatus(s: Shipment, now: number): ShipmentEvent[] {
  if (!hasShipped(s.status) || !s.booking) return [];
  const { shipmentId, orderId, status } = s;
  return [{ type: 'StatusRestated', shipmentId, orderId, trackingNumber: s.booking.trackingNumber, status, at: now }];
}

/**
 * Before the parcel ships a cancellation succeeds: a tombstone if the request has not even arrived (so
 * a late request books nothing), via the carrier once booked. A PENDING shipment's booking call may have
 * reached the carrier with its reply lost, and the parcel may even be on its way: the answer waits until
 * the booking is resolved (booked again under the same idempotency key, then cancelled), so the saga
 * hears ShipmentCancelled only when nothing is booked, and ShipmentCancellationRejected if it left.
 */
function cancel(current: ShipmentState, command: Command<'CancelShipment'>): ShipmentEvent[] {
  if (!current) {
    const { newShipmentId: shipmentId, orderId, now: at } = command;
    return [{ type: 'CancellationRecorded', shipmentId, orderId, booked: false, at }];
  }
  const { shipmentId, orderId, status } = current;
  if (hasShipped(status)) return [rejected(current, status)];
  switch (status) {
    case 'PENDING':
    case 'SCHEDULED':
      return current.work === 'CANCEL' ? [] : [{ type: 'CarrierCancelQueued', shipmentId }];
    case 'FAILED':
      return [{ type: 'CancellationRestated', orderId, shipmentId: null }];
    case 'CANCELLED': {
      const wasBooked = current.reached.includes('SCHEDULED');
      return [{ type: 'CancellationRestated', orderId, shipmentId: wasBooked ? shipmentId : null }];
    }
    default:
      return assertNever(status);
  }
}

/** A booking found while a cancellation waits is recorded (the saga learns carrier and tracking) and then cancelled. */
function recordBooking(current: Shipment, command: Command<'RecordBooking'>): ShipmentEvent[] {
  const { shipmentId, orderId, status, work } = current;
  if (status === 'PENDING' && (work === 'BOOK' || work === 'CANCEL'))
    return [{ type: 'BookingRecorded', shipmentId, orderId, booking: command.booking, at: command.now }];
  if (status === 'CANCELLED' && !current.booking)
    return [{ type: 'LateBookingFound', shipmentId, booking: command.booking }];
  return [];
}

/** Refused, the booking never existed: a cancellation waiting for it is done, a void has nothing left to do. */
function recordRefusal(current: Shipment, command: Command<'RecordRefusal'>): ShipmentEvent[] {
  const { shipmentId, orderId, status, work } = current;
  if (work === 'VOID' && !current.booking) return [{ type: 'VoidSettled', shipmentId }];
  if (status === 'PENDING' && work === 'CANCEL')
    return [{ type: 'CancellationRecorded', shipmentId, orderId, booked: false, at: command.now }];
  if (status !== 'PENDING' || work !== 'BOOK') return [];
  return [{ type: 'BookingRefused', shipmentId, orderId, reason: command.reason, at: command.now }];
}

function recordCarrierCancel(current: Shipment, command: Command<'RecordCarrierCancel'>): ShipmentEvent[] {
  const { shipmentId, orderId, status, work } = current;
  if (work === 'VOID') return [{ type: 'VoidSettled', shipmentId }];
  if (work !== 'CANCEL' || status !== 'SCHEDULED') return [];
  return [{ type: 'CancellationRecorded', shipmentId, orderId, booked: true, at: command.now }];
}

function recordCancelRefused(current: Shipment, command: Command<'RecordCancelRefused'>): ShipmentEvent[] {
  const { shipmentId, orderId, work } = current;
  if (work === 'VOID') return [{ type: 'VoidSettled', shipmentId }];
  if (work !== 'CANCEL') return [];
  return [{ type: 'CarrierCancelRefused', shipmentId, orderId, carrierStatus: command.carrierStatus }];
}

/** Throws unless the shipment takes this callback: booked, still live, and under this tracking number. */
function checkTrackable(current: Shipment, trackingNumber: string): void {
  if (current.status === 'PENDING') throw new ShipmentNotBookedYetError(current.shipmentId);
  if (current.status === 'FAILED' || current.status === 'CANCELLED') {
    throw new ConflictError(`shipment ${current.shipmentId} is ${current.status}; it takes no tracking updates`, {
      code: 'SHIPMENT_NOT_LIVE',
    });
  }
  if (current.booking?.trackingNumber !== trackingNumber) {
    throw new ConflictError(`tracking number ${trackingNumber} does not belong to shipment ${current.shipmentId}`, {
      code: 'TRACKING_NUMBER_MISMATCH',
    });
  }
}

/**
 * A carrier callback: forward steps are recorded and published, a status already recorded is a
 * harmless repeat, anything going backwards or for a shipment that is not live is refused (409).
 */
function recordTracking(current: Shipment, command: Command<'RecordTracking'>): ShipmentEvent[] {
  checkTrackable(current, command.trackingNumber);
  if (current.reached.includes(command.status)) return [];
  if (flowIndex(command.status) < flowIndex(current.status)) {
    throw new ConflictError(
      `shipment ${current.shipmentId} is ${current.status}; it cannot go back to ${command.status}`,
      { code: 'STATUS_WOULD_GO_BACKWARDS' },
    );
  }
  const { shipmentId, orderId } = current;
  const { trackingNumber, status, location, occurredAt: at } = command;
  const moved: ShipmentEvent = { type: 'ParcelMoved', shipmentId, orderId, trackingNumber, status, location, at };
  // The parcel left before the carrier got our cancel: that cancel is answered now, rejected.
  return current.work === 'CANCEL' ? [moved, rejected(current, status)] : [moved];
}

/**
 * Command + the shipment (null: none yet) → what happened. Pure: no clock, no state change. A carrier
 * outcome for a shipment that does not exist changes nothing.
 */
function decide(command: ShipmentCommand, current: ShipmentState): ShipmentEvent[] {
  switch (command.type) {
    case 'RequestShipment':
      return request(current, command);
    case 'CancelShipment':
      return cancel(current, command);
    case 'RecordBooking':
      return current ? recordBooking(current, command) : [];
    case 'RecordRefusal':
      return current ? recordRefusal(current, command) : [];
    case 'RecordCarrierCancel':
      return current ? recordCarrierCancel(current, command) : [];
    case 'RecordCancelRefused':
      return current ? recordCancelRefused(current, command) : [];
    case 'RecordTracking':
      return current ? recordTracking(current, command) : [];
    default:
      return assertNever(command);
  }
}

/** The shipping decider: one per order, its state the order's shipment as read under lock. */
export const shipmentDecider: Decider<ShipmentCommand, ShipmentState, ShipmentEvent> = {
  decide,
  evolve,
  initialState,
};
