import { assertNever } from '@kot/service-kit';
import type { Shipment, ShipmentState, ShipmentStatus, TrackingStep } from './shipment';
import type { ShipmentEvent } from './shipment.events';

export const initialState = (): ShipmentState => null;

const moveTo = (s: Shipment, status: ShipmentStatus, changes: Partial<Shipment> = {}): Shipment => ({
  ...s,
  ...changes,
  status,
  reached: [...s.reached, status],
});

const created = (shipmentId: string, orderId: string, status: 'PENDING' | 'CANCELLED'): Shipment => ({
  shipmentId,
  orderId,
  status,
  booking: null,
  failureReason: null,
  work: status === 'PENDING' ? 'BOOK' : null,
  reached: [status],
});

/** Only ShipmentOpened and CancellationRecorded start a shipment; the decider emits no other event without one. */
function existing(state: ShipmentState, event: ShipmentEvent): Shipment {
  if (!state) throw new Error(`${event.type} needs a shipment, and there is none`);
  return state;
}

/**
 * Folds one event into the shipment. An answer returns the very same state object: that identity is
 * how the infrastructure knows a decision left no row to write (the model in the simulation too).
 */
export function evolve(state: ShipmentState, event: ShipmentEvent): ShipmentState {
  switch (event.type) {
    case 'ShipmentOpened':
      return created(event.shipmentId, event.orderId, 'PENDING');
    case 'CancellationRecorded':
      return state ? moveTo(state, 'CANCELLED', { work: null }) : created(event.shipmentId, event.orderId, 'CANCELLED');
    case 'BookingRecorded': {
      const s = existing(state, event);
      return moveTo(s, 'SCHEDULED', { booking: event.booking, work: s.work === 'CANCEL' ? 'CANCEL' : null });
    }
    case 'BookingRefused':
      return moveTo(existing(state, event), 'FAILED', { failureReason: event.reason, work: null });
    case 'LateBookingFound':
      return { ...existing(state, event), booking: event.booking, work: 'VOID' };
    case 'CarrierCancelQueued':
      return { ...existing(state, event), work: 'CANCEL' };
    case 'CarrierCancelRefused':
    case 'VoidSettled':
      return { ...existing(state, event), work: null };
    case 'ParcelMoved': {
      const s = existing(state, event);
      return moveTo(s, event.status, s.work === 'CANCEL' ? { work: null } : {});
    }
    case 'FailureRestated':
    case 'BookingRestated':
    case 'StatusRestated':
    case 'CancellationRestated':
    case 'CancellationRejected':
      return state;
    default:
      return assertNever(event);
  }
}

/** The tracking-history row one event adds (the step the shipment moved to, at the command's time), if any. */
function stepOf(event: ShipmentEvent): TrackingStep | null {
  const byService = (status: ShipmentStatus, at: number): TrackingStep => ({
    status,
    location: null,
    occurredAt: at,
    source: 'service',
  });
  switch (event.type) {
    case 'ShipmentOpened':
      return byService('PENDING', event.at);
    case 'BookingRecorded':
      return byService('SCHEDULED', event.at);
    case 'BookingRefused':
      return byService('FAILED', event.at);
    case 'CancellationRecorded':
      return byService('CANCELLED', event.at);
    case 'ParcelMoved':
      return { status: event.status, location: event.location, occurredAt: event.at, source: 'carrier' };
    case 'LateBookingFound':
    case 'CarrierCancelQueued':
    case 'CarrierCancelRefused':
    case 'VoidSettled':
    case 'FailureRestated':
    case 'BookingRestated':
    case 'StatusRestated':
    case 'CancellationRestated':
    case 'CancellationRejected':
      return null;
    default:
      return assertNever(event);
  }
}

/** The tracking-history rows a decision's events add, in order. */
export const trackingSteps = (events: readonly ShipmentEvent[]): TrackingStep[] =>
  events.map(stepOf).filter((step): step is TrackingStep => step !== null);
