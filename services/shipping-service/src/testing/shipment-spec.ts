import { deciderSpec } from '@kot/testing';
import type { Booking, Shipment, ShipmentCommand, ShipmentStatus, TrackedStatus } from '../shipments/shipment';
import { shipmentDecider } from '../shipments/shipment.decide';
import type { ShipmentEvent } from '../shipments/shipment.events';

// The shipping decider's given/when/then, with the ids, rows, events and commands its unit tests share.

export const ORDER = '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
export const SHIPMENT = 'shp-0001';
export const T0 = 1_700_000_000_000;
export const ids = { shipmentId: SHIPMENT, orderId: ORDER };
export const booking: Booking = {
  carrier: 'SimExpress',
  trackingNumber: 'SIM0000000000AB',
  carrierRef: 'shp_abc',
  estimatedDeliveryAt: T0 + 86_400_000,
};
export const spec = deciderSpec(shipmentDecider);

// Rows written out by hand, so what evolve builds is checked against them rather than against itself.
export const pending: Shipment = {
  ...ids,
  status: 'PENDING',
  booking: null,
  failureReason: null,
  work: 'BOOK',
  reached: ['PENDING'],
};
export const scheduled: Shipment = {
  ...pending,
  status: 'SCHEDULED',
  booking,
  work: null,
  reached: ['PENDING', 'SCHEDULED'],
};

export const opened: ShipmentEvent = { type: 'ShipmentOpened', ...ids, at: T0 };
export const booked: ShipmentEvent = { type: 'BookingRecorded', ...ids, booking, at: T0 + 1 };
export const cancelQueued: ShipmentEvent = { type: 'CarrierCancelQueued', shipmentId: SHIPMENT };
export const voidSettled: ShipmentEvent = { type: 'VoidSettled', shipmentId: SHIPMENT };
export const cancelRecorded = (booked: boolean, at = T0, shipmentId = SHIPMENT): ShipmentEvent => ({
  type: 'CancellationRecorded',
  shipmentId,
  orderId: ORDER,
  booked,
  at,
});
export const moved = (status: TrackedStatus): ShipmentEvent => ({
  type: 'ParcelMoved',
  ...ids,
  trackingNumber: booking.trackingNumber,
  status,
  location: 'Louisville, KY',
  at: T0 + 10,
});
export const rejected = (status: ShipmentStatus): ShipmentEvent => ({ type: 'CancellationRejected', ...ids, status });

export const request: ShipmentCommand = { type: 'RequestShipment', orderId: ORDER, newShipmentId: SHIPMENT, now: T0 };
export const cancel: ShipmentCommand = { type: 'CancelShipment', orderId: ORDER, newShipmentId: 'shp-tomb', now: T0 };
export const bookingLands = (now = T0 + 1): ShipmentCommand => ({ type: 'RecordBooking', booking, now });
export const refusal = (now = T0): ShipmentCommand => ({ type: 'RecordRefusal', reason: 'undeliverable_address', now });
export const carrierCancels = (now = T0 + 2): ShipmentCommand => ({ type: 'RecordCarrierCancel', now });
export const cancelRefused = (carrierStatus: string): ShipmentCommand => ({
  type: 'RecordCancelRefused',
  carrierStatus,
  now: T0 + 2,
});
export const track = (status: TrackedStatus, trackingNumber = booking.trackingNumber): ShipmentCommand => ({
  type: 'RecordTracking',
  trackingNumber,
  status,
  location: 'Louisville, KY',
  occurredAt: T0 + 10,
});
