import type { OrderEvent } from '@kot/events';
import type { ShipmentEvent } from './shipment.events';
import { publicEvents, toPublic } from './shipment.public';
import {
  booked,
  booking,
  cancelQueued,
  cancelRecorded,
  ids,
  moved,
  opened,
  ORDER,
  rejected,
  SHIPMENT,
  T0,
} from '../testing/shipment-spec';

type Case = [ShipmentEvent, OrderEvent | null];
const scheduledData = {
  ...ids,
  carrier: 'SimExpress',
  trackingNumber: booking.trackingNumber,
  estimatedDeliveryAt: booking.estimatedDeliveryAt,
};
const rejectedAs = (status: string): OrderEvent => ({
  type: 'ShipmentCancellationRejected',
  data: { ...ids, status, reason: 'already_shipped' },
});
const statusChanged = (location: string | null, changedAt: number): OrderEvent => ({
  type: 'ShipmentStatusChanged',
  data: { ...ids, trackingNumber: booking.trackingNumber, status: 'IN_TRANSIT', location, changedAt },
});

// Keyed by event type, so an event added to the union without a case here fails to compile.
const cases: Record<ShipmentEvent['type'], Case[]> = {
  ShipmentOpened: [[opened, null]],
  LateBookingFound: [[{ type: 'LateBookingFound', shipmentId: SHIPMENT, booking }, null]],
  CarrierCancelQueued: [[cancelQueued, null]],
  VoidSettled: [[{ type: 'VoidSettled', shipmentId: SHIPMENT }, null]],
  BookingRecorded: [[booked, { type: 'ShipmentScheduled', data: scheduledData }]],
  BookingRestated: [
    [
      { type: 'BookingRestated', ...ids, booking },
      { type: 'ShipmentScheduled', data: scheduledData },
    ],
  ],
  BookingRefused: [
    [
      { type: 'BookingRefused', ...ids, reason: 'undeliverable_address', at: T0 },
      { type: 'ShipmentFailed', data: { orderId: ORDER, reason: 'undeliverable_address' } },
    ],
  ],
  FailureRestated: [
    [
      { type: 'FailureRestated', orderId: ORDER, reason: 'failed' },
      { type: 'ShipmentFailed', data: { orderId: ORDER, reason: 'failed' } },
    ],
  ],
  // The saga hears a shipment id only when a booking existed and was cancelled.
  CancellationRecorded: [
    [cancelRecorded(false), { type: 'ShipmentCancelled', data: { orderId: ORDER, shipmentId: null } }],
    [cancelRecorded(true), { type: 'ShipmentCancelled', data: { orderId: ORDER, shipmentId: SHIPMENT } }],
  ],
  CancellationRestated: [
    [
      { type: 'CancellationRestated', orderId: ORDER, shipmentId: null },
      { type: 'ShipmentCancelled', data: { orderId: ORDER, shipmentId: null } },
    ],
    [
      { type: 'CancellationRestated', orderId: ORDER, shipmentId: SHIPMENT },
      { type: 'ShipmentCancelled', data: { orderId: ORDER, shipmentId: SHIPMENT } },
    ],
  ],
  CarrierCancelRefused: [[{ type: 'CarrierCancelRefused', ...ids, carrierStatus: 'SHIPPED' }, rejectedAs('SHIPPED')]],
  CancellationRejected: [[rejected('IN_TRANSIT'), rejectedAs('IN_TRANSIT')]],
  ParcelMoved: [[moved('IN_TRANSIT'), statusChanged('Louisville, KY', T0 + 10)]],
  // A restated status names no place: only the carrier's own report carries one.
  StatusRestated: [
    [
      { type: 'StatusRestated', ...ids, trackingNumber: booking.trackingNumber, status: 'IN_TRANSIT', at: T0 },
      statusChanged(null, T0),
    ],
  ],
};

describe("shipping's events in public", () => {
  const table = Object.values(cases)
    .flat()
    .map(([event, expected]) => [event.type, expected?.type ?? 'nothing', event, expected] as const);

  it.each(table)('%s is published as %s (case %#)', (_type, _published, event, expected) => {
    expect(toPublic(event)).toEqual(expected);
  });

  it('publishes a decision in the order decided, leaving out the bookkeeping no one else hears about', () => {
    expect(publicEvents([opened, cancelQueued, moved('IN_TRANSIT'), rejected('IN_TRANSIT')])).toEqual([
      statusChanged('Louisville, KY', T0 + 10),
      rejectedAs('IN_TRANSIT'),
    ]);
  });
});
