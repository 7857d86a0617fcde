import type { OrderEvent } from '@kot/events';
import { ConflictError } from '@kot/service-kit';
import {
  flowIndex,
  hasShipped,
  NOTHING,
  ShipmentNotBookedYetError,
  type Decision,
  type Shipment,
  type ShipmentCommand,
  type ShipmentStatus,
  type TrackingStep,
} from './shipment';

type Command<T extends ShipmentCommand['type']> = Extract<ShipmentCommand, { type: T }>;

const step = (
  status: ShipmentStatus,
  at: number,
  location: string | null = null,
  source: TrackingStep['source'] = 'service',
): TrackingStep => ({ status, location, occurredAt: at, source });
const moveTo = (s: Shipment, status: ShipmentStatus, changes: Partial<Shipment> = {}): Shipment => ({
  ...s,
  ...changes,
  status,
  reached: [...s.reached, status],
});

const cancelled = (s: Shipment, shipmentId: string | null): OrderEvent => ({
  type: 'ShipmentCancelled',
  data: { orderId: s.orderId, shipmentId },
});
const tooLate = (s: Shipment, status: string): OrderEvent => ({
  type: 'ShipmentCancellationRejected',
  data: { orderId: s.orderId, shipmentId: s.shipmentId, status, reason: 'already_shipped' },
});

function scheduled(s: Shipment): OrderEvent[] {
  if (!s.booking) return [];
  const { carrier, trackingNumber, estimatedDeliveryAt } = s.booking;
  return [
    {
      type: 'ShipmentScheduled',
      data: { orderId: s.orderId, shipmentId: s.shipmentId, carrier, trackingNumber, estimatedDeliveryAt },
    },
  ];
}

/** A new request books the carrier (later, by the worker); a repeat gets the answer already given. */
function request(current: Shipment | null, command: Command<'RequestShipment'>): Decision {
  if (!current) {
    const shipment: Shipment = {
      shipmentId: command.newShipmentId,
      orderId: command.orderId,
      status: 'PENDING',
      booking: null,
      failureReason: null,
      work: 'BOOK',
      reached: ['PENDING'],
    };
    return { shipment, history: [step('PENDING', command.now)], events: [] };
  }
  if (current.status === 'FAILED')
    return {
      ...NOTHING,
      events: [
        { type: 'ShipmentFailed', data: { orderId: current.orderId, reason: current.failureReason ?? 'failed' } },
      ],
    };
  if (current.status === 'PENDING' || current.status === 'CANCELLED') return NOTHING; // still booking / cancelled first: never book
  return { ...NOTHING, events: [...scheduled(current), ...latestStatus(current, command.now)] };
}

/**
 * A repeated request is also the saga's question "where is the parcel?" (its delivery deadline passed
 * with no news): the answer includes the parcel's latest status, so an order can catch up with it.
 */
function latestStatus(s: Shipment, now: number): OrderEvent[] {
  if (!hasShipped(s.status) || !s.booking) return [];
  const status = s.status as Exclude<TrackingStep['status'], 'PENDING' | 'SCHEDULED' | 'FAILED' | 'CANCELLED'>;
  return [
    {
      type: 'ShipmentStatusChanged',
      data: {
        orderId: s.orderId,
        shipmentId: s.shipmentId,
        trackingNumber: s.booking.trackingNumber,
        status,
        location: null,
        changedAt: now,
      },
    },
  ];
}

/**
 * Before the parcel ships a cancellation succeeds: a tombstone if the request has not even arrived (so
 * a late request books nothing), via the carrier once booked. A PENDING shipment's booking call may have
 * reached the carrier with its reply lost, and the parcel may even be on its way: the answer waits until
 * the booking is resolved (booked again under the same idempotency key, then cancelled), so the saga
 * hears ShipmentCancelled only when nothing is booked, and ShipmentCancellationRejected if it left.
 */
function cancel(current: Shipment | null, command: Command<'CancelShipment'>): Decision {
  if (!current) {
    const tombstone: Shipment = {
      shipmentId: command.newShipmentId,
      orderId: command.orderId,
      status: 'CANCELLED',
      booking: null,
      failureReason: null,
      work: null,
      reached: ['CANCELLED'],
    };
    return { shipment: tombstone, history: [step('CANCELLED', command.now)], events: [cancelled(tombstone, null)] };
  }
  if (hasShipped(current.status)) return { ...NOTHING, events: [tooLate(current, current.status)] };
  switch (current.status) {
    case 'PENDING':
      return current.work === 'CANCEL' ? NOTHING : { ...NOTHING, shipment: { ...current, work: 'CANCEL' } };
    case 'SCHEDULED':
      return current.work === 'CANCEL' ? NOTHING : { ...NOTHING, shipment: { ...current, work: 'CANCEL' } };
    case 'FAILED':
      return { ...NOTHING, events: [cancelled(current, null)] };
    case 'CANCELLED':
      return {
        ...NOTHING,
        events: [cancelled(current, current.reached.includes('SCHEDULED') ? current.shipmentId : null)],
      };
    default:
      return NOTHING;
  }
}

/** A booking found while a cancellation waits is recorded (the saga learns carrier and tracking) and then cancelled. */
function recordBooking(current: Shipment, command: Command<'RecordBooking'>): Decision {
  if (current.status === 'PENDING' && (current.work === 'BOOK' || current.work === 'CANCEL')) {
    const shipment = moveTo(current, 'SCHEDULED', {
      booking: command.booking,
      work: current.work === 'CANCEL' ? 'CANCEL' : null,
    });
    return { shipment, history: [step('SCHEDULED', command.now)], events: scheduled(shipment) };
  }
  if (current.status === 'CANCELLED' && !current.booking)
    return { ...NOTHING, shipment: { ...current, booking: command.booking, work: 'VOID' } };
  return NOTHING;
}

/** Refused, the booking never existed: a cancellation waiting for it is done, a void has nothing left to do. */
function recordRefusal(current: Shipment, command: Command<'RecordRefusal'>): Decision {
  if (current.work === 'VOID' && !current.booking) return { ...NOTHING, shipment: { ...current, work: null } };
  if (current.status === 'PENDING' && current.work === 'CANCEL') {
    return {
      shipment: moveTo(current, 'CANCELLED', { work: null }),
      history: [step('CANCELLED', command.now)],
      events: [cancelled(current, null)],
    };
  }
  if (current.status !== 'PENDING' || current.work !== 'BOOK') return NOTHING;
  return {
    shipment: moveTo(current, 'FAILED', { failureReason: command.reason, work: null }),
    history: [step('FAILED', command.now)],
    events: [{ type: 'ShipmentFailed', data: { orderId: current.orderId, reason: command.reason } }],
  };
}

function recordCarrierCancel(current: Shipment, command: Command<'RecordCarrierCancel'>): Decision {
  if (current.work === 'VOID') return { ...NOTHING, shipment: { ...current, work: null } };
  if (current.work !== 'CANCEL' || current.status !== 'SCHEDULED') return NOTHING;
  return {
    shipment: moveTo(current, 'CANCELLED', { work: null }),
    history: [step('CANCELLED', command.now)],
    events: [cancelled(current, current.shipmentId)],
  };
}

function recordCancelRefused(current: Shipment, command: Command<'RecordCancelRefused'>): Decision {
  if (current.work === 'VOID') return { ...NOTHING, shipment: { ...current, work: null } };
  if (current.work !== 'CANCEL') return NOTHING;
  return { ...NOTHING, shipment: { ...current, work: null }, events: [tooLate(current, command.carrierStatus)] };
}

/**
 * A carrier callback: forward steps are recorded and published, a status already recorded is a
 * harmless repeat, anything going backwards or for a shipment that is not live is refused (409).
 */
function recordTracking(current: Shipment, command: Command<'RecordTracking'>): Decision {
  if (current.status === 'PENDING') throw new ShipmentNotBookedYetError(current.shipmentId);
  if (current.status === 'FAILED' || current.status === 'CANCELLED') {
    throw new ConflictError(`shipment ${current.shipmentId} is ${current.status}; it takes no tracking updates`, {
      code: 'SHIPMENT_NOT_LIVE',
    });
  }
  if (current.booking?.trackingNumber !== command.trackingNumber) {
    throw new ConflictError(
      `tracking number ${command.trackingNumber} does not belong to shipment ${current.shipmentId}`,
      { code: 'TRACKING_NUMBER_MISMATCH' },
    );
  }
  if (current.reached.includes(command.status)) return NOTHING;
  if (flowIndex(command.status) < flowIndex(current.status)) {
    throw new ConflictError(
      `shipment ${current.shipmentId} is ${current.status}; it cannot go back to ${command.status}`,
      { code: 'STATUS_WOULD_GO_BACKWARDS' },
    );
  }
  const { trackingNumber, status, location, occurredAt } = command;
  const changed: OrderEvent = {
    type: 'ShipmentStatusChanged',
    data: {
      orderId: current.orderId,
      shipmentId: current.shipmentId,
      trackingNumber,
      status,
      location,
      changedAt: occurredAt,
    },
  };
  const pendingCancel = current.work === 'CANCEL'; // the parcel left before the carrier got our cancel
  return {
    shipment: moveTo(current, status, pendingCancel ? { work: null } : {}),
    history: [step(status, occurredAt, location, 'carrier')],
    events: pendingCancel ? [changed, tooLate(current, status)] : [changed],
  };
}

/**
 * The shipping decider: current shipment (null: none yet) + command → decision. Pure. A carrier
 * outcome for a shipment that does not exist changes nothing.
 */
export function decide(current: Shipment | null, command: ShipmentCommand): Decision {
  switch (command.type) {
    case 'RequestShipment':
      return request(current, command);
    case 'CancelShipment':
      return cancel(current, command);
    case 'RecordBooking':
      return current ? recordBooking(current, command) : NOTHING;
    case 'RecordRefusal':
      return current ? recordRefusal(current, command) : NOTHING;
    case 'RecordCarrierCancel':
      return current ? recordCarrierCancel(current, command) : NOTHING;
    case 'RecordCancelRefused':
      return current ? recordCancelRefused(current, command) : NOTHING;
    case 'RecordTracking':
      return current ? recordTracking(current, command) : NOTHING;
    default:
      return unreachable(command);
  }
}

function unreachable(value: never): never {
  throw new Error(`unhandled command: ${JSON.stringify(value)}`);
}
