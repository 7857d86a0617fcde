import { ConflictError } from '@kot/service-kit';
import { decide } from './shipment.decide';
import {
  ShipmentNotBookedYetError,
  type Booking,
  type Shipment,
  type ShipmentCommand,
  type TrackedStatus,
} from './shipment';

const ORDER = '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const SHIPMENT = 'shp-0001';
const T0 = 1_700_000_000_000;
const booking: Booking = {
  carrier: 'SimExpress',
  trackingNumber: 'SIM0000000000AB',
  carrierRef: 'shp_abc',
  estimatedDeliveryAt: T0 + 86_400_000,
};

/** given a shipment (or none) / when a command / then a decision. */
const given = (current: Shipment | null) => ({ when: (command: ShipmentCommand) => decide(current, command) });

const pending: Shipment = {
  shipmentId: SHIPMENT,
  orderId: ORDER,
  status: 'PENDING',
  booking: null,
  failureReason: null,
  work: 'BOOK',
  reached: ['PENDING'],
};
const scheduled: Shipment = { ...pending, status: 'SCHEDULED', booking, work: null, reached: ['PENDING', 'SCHEDULED'] };
const at = (status: Shipment['status'], reached: Shipment['status'][]): Shipment => ({
  ...scheduled,
  status,
  reached: ['PENDING', 'SCHEDULED', ...reached],
});
const request: ShipmentCommand = { type: 'RequestShipment', orderId: ORDER, newShipmentId: SHIPMENT, now: T0 };
const cancel: ShipmentCommand = { type: 'CancelShipment', orderId: ORDER, newShipmentId: 'shp-tomb', now: T0 };
const track = (status: TrackedStatus, trackingNumber = booking.trackingNumber): ShipmentCommand => ({
  type: 'RecordTracking',
  trackingNumber,
  status,
  location: 'Louisville, KY',
  occurredAt: T0 + 10,
});

const scheduledEvent = {
  type: 'ShipmentScheduled',
  data: {
    orderId: ORDER,
    shipmentId: SHIPMENT,
    carrier: 'SimExpress',
    trackingNumber: booking.trackingNumber,
    estimatedDeliveryAt: booking.estimatedDeliveryAt,
  },
};

describe('requesting a shipment', () => {
  it('given no shipment, when requested, then a PENDING shipment owes a booking and nothing is emitted yet', () => {
    expect(given(null).when(request)).toEqual({
      shipment: pending,
      history: [{ status: 'PENDING', location: null, occurredAt: T0, source: 'service' }],
      events: [],
    });
  });

  it('given a booking is in progress, when requested again, then nothing happens', () => {
    expect(given(pending).when(request)).toEqual({ shipment: null, history: [], events: [] });
  });

  it('given a scheduled shipment, when requested again, then ShipmentScheduled is repeated', () => {
    expect(given(scheduled).when(request).events).toEqual([scheduledEvent]);
  });

  it('given a cancellation came first, when the request arrives, then no shipment is booked', () => {
    expect(given({ ...pending, status: 'CANCELLED', work: null, reached: ['CANCELLED'] }).when(request)).toEqual({
      shipment: null,
      history: [],
      events: [],
    });
  });
});

describe('carrier outcomes', () => {
  it('given a pending booking, when the carrier books it, then it is SCHEDULED and ShipmentScheduled is emitted', () => {
    const decision = given(pending).when({ type: 'RecordBooking', booking, now: T0 + 1 });
    expect(decision.shipment).toEqual(scheduled);
    expect(decision.history).toEqual([{ status: 'SCHEDULED', location: null, occurredAt: T0 + 1, source: 'service' }]);
    expect(decision.events).toEqual([scheduledEvent]);
  });

  it('given a pending booking, when the carrier refuses it, then it FAILED with the reason', () => {
    const decision = given(pending).when({ type: 'RecordRefusal', reason: 'undeliverable_address', now: T0 });
    expect(decision.shipment).toMatchObject({ status: 'FAILED', failureReason: 'undeliverable_address', work: null });
    expect(decision.events).toEqual([
      { type: 'ShipmentFailed', data: { orderId: ORDER, reason: 'undeliverable_address' } },
    ]);
  });

  it('given the shipment was cancelled while the booking call was in flight, when the booking lands, then it is voided at the carrier, silently', () => {
    const cancelledWhilePending: Shipment = {
      ...pending,
      status: 'CANCELLED',
      work: null,
      reached: ['PENDING', 'CANCELLED'],
    };
    const decision = given(cancelledWhilePending).when({ type: 'RecordBooking', booking, now: T0 });
    expect(decision).toEqual({
      shipment: { ...cancelledWhilePending, booking, work: 'VOID' },
      history: [],
      events: [],
    });
    expect(
      given({ ...cancelledWhilePending, booking, work: 'VOID' }).when({ type: 'RecordCarrierCancel', now: T0 }).events,
    ).toEqual([]);
  });

  it('given no shipment, when a carrier outcome arrives, then nothing changes', () => {
    expect(given(null).when({ type: 'RecordBooking', booking, now: T0 })).toEqual({
      shipment: null,
      history: [],
      events: [],
    });
  });
});

describe('cancelling', () => {
  it('given no shipment yet, when cancelled, then a tombstone answers ShipmentCancelled with no shipment id', () => {
    const decision = given(null).when(cancel);
    expect(decision.shipment).toMatchObject({ shipmentId: 'shp-tomb', status: 'CANCELLED', work: null });
    expect(decision.events).toEqual([{ type: 'ShipmentCancelled', data: { orderId: ORDER, shipmentId: null } }]);
  });

  it('given a pending booking, when cancelled, then nothing is answered yet: the booking the call may have left is resolved first', () => {
    expect(given(pending).when(cancel)).toEqual({ shipment: { ...pending, work: 'CANCEL' }, history: [], events: [] });
    expect(given({ ...pending, work: 'CANCEL' }).when(cancel)).toEqual({ shipment: null, history: [], events: [] });
  });

  it('given a scheduled shipment, when cancelled, then the carrier is asked first; its yes answers ShipmentCancelled', () => {
    const asked = given(scheduled).when(cancel);
    expect(asked).toEqual({ shipment: { ...scheduled, work: 'CANCEL' }, history: [], events: [] });
    const done = given({ ...scheduled, work: 'CANCEL' }).when({ type: 'RecordCarrierCancel', now: T0 + 5 });
    expect(done.shipment).toMatchObject({ status: 'CANCELLED', work: null });
    expect(done.events).toEqual([{ type: 'ShipmentCancelled', data: { orderId: ORDER, shipmentId: SHIPMENT } }]);
  });

  it('given the carrier says the parcel already left, when it answers the cancel, then the cancellation is rejected', () => {
    const decision = given({ ...scheduled, work: 'CANCEL' }).when({
      type: 'RecordCancelRefused',
      carrierStatus: 'SHIPPED',
      now: T0,
    });
    expect(decision.events).toEqual([
      {
        type: 'ShipmentCancellationRejected',
        data: { orderId: ORDER, shipmentId: SHIPMENT, status: 'SHIPPED', reason: 'already_shipped' },
      },
    ]);
  });

  it('given the parcel shipped, when cancelled, then it is rejected at once with our status', () => {
    expect(given(at('IN_TRANSIT', ['SHIPPED', 'IN_TRANSIT'])).when(cancel)).toEqual({
      shipment: null,
      history: [],
      events: [
        {
          type: 'ShipmentCancellationRejected',
          data: { orderId: ORDER, shipmentId: SHIPMENT, status: 'IN_TRANSIT', reason: 'already_shipped' },
        },
      ],
    });
  });

  it('given a cancel is waiting for the carrier, when the parcel is reported SHIPPED, then the step is recorded and the cancel rejected', () => {
    const decision = given({ ...scheduled, work: 'CANCEL' }).when(track('SHIPPED'));
    expect(decision.shipment).toMatchObject({ status: 'SHIPPED', work: null });
    expect(decision.events.map((e) => e.type)).toEqual(['ShipmentStatusChanged', 'ShipmentCancellationRejected']);
  });
});

describe('carrier tracking callbacks', () => {
  it('given a scheduled shipment, when SHIPPED is reported, then it is recorded and ShipmentStatusChanged emitted', () => {
    const decision = given(scheduled).when(track('SHIPPED'));
    expect(decision.shipment?.status).toBe('SHIPPED');
    expect(decision.history).toEqual([
      { status: 'SHIPPED', location: 'Louisville, KY', occurredAt: T0 + 10, source: 'carrier' },
    ]);
    expect(decision.events).toEqual([
      {
        type: 'ShipmentStatusChanged',
        data: {
          orderId: ORDER,
          shipmentId: SHIPMENT,
          trackingNumber: booking.trackingNumber,
          status: 'SHIPPED',
          location: 'Louisville, KY',
          changedAt: T0 + 10,
        },
      },
    ]);
  });

  it('given a step already recorded, when it is reported again (even after later steps), then nothing changes', () => {
    expect(given(at('SHIPPED', ['SHIPPED'])).when(track('SHIPPED'))).toEqual({
      shipment: null,
      history: [],
      events: [],
    });
    expect(given(at('IN_TRANSIT', ['SHIPPED', 'IN_TRANSIT'])).when(track('SHIPPED'))).toEqual({
      shipment: null,
      history: [],
      events: [],
    });
  });

  it('given a later status, when an earlier step never recorded is reported, then it is refused as going backwards (409)', () => {
    expect(() => given(at('OUT_FOR_DELIVERY', ['OUT_FOR_DELIVERY'])).when(track('IN_TRANSIT'))).toThrow(ConflictError);
  });

  it('given a skipped step, when a later one is reported, then it moves forward', () => {
    expect(given(scheduled).when(track('IN_TRANSIT')).shipment?.status).toBe('IN_TRANSIT');
  });

  // Carriers skip and repeat scans: what they report is recorded as reported, nothing is made up in between.
  it.each(['IN_TRANSIT', 'DELIVERED'] as const)(
    'given a scheduled shipment, when %s comes without SHIPPED, then only that step is recorded and published',
    (status) => {
      const decision = given(scheduled).when(track(status));
      expect(decision.shipment).toEqual({ ...scheduled, status, reached: ['PENDING', 'SCHEDULED', status] });
      expect(decision.history).toEqual([
        { status, location: 'Louisville, KY', occurredAt: T0 + 10, source: 'carrier' },
      ]);
      expect(decision.events).toEqual([
        {
          type: 'ShipmentStatusChanged',
          data: {
            orderId: ORDER,
            shipmentId: SHIPMENT,
            trackingNumber: booking.trackingNumber,
            status,
            location: 'Louisville, KY',
            changedAt: T0 + 10,
          },
        },
      ]);
    },
  );

  it('given DELIVERED was reported (with steps skipped), when DELIVERED comes again, then nothing changes and nothing is published', () => {
    const delivered = given(scheduled).when(track('DELIVERED')).shipment as Shipment;
    expect(given(delivered).when(track('DELIVERED'))).toEqual({ shipment: null, history: [], events: [] });
  });

  it('given SHIPPED was skipped, when a cancel is waiting or arrives, then the parcel counts as gone: the cancel is rejected', () => {
    const waiting = given({ ...scheduled, work: 'CANCEL' }).when(track('DELIVERED'));
    expect(waiting.shipment).toMatchObject({ status: 'DELIVERED', work: null });
    expect(waiting.events[1]).toEqual({
      type: 'ShipmentCancellationRejected',
      data: { orderId: ORDER, shipmentId: SHIPMENT, status: 'DELIVERED', reason: 'already_shipped' },
    });
    const inTransit = given(scheduled).when(track('IN_TRANSIT')).shipment as Shipment;
    expect(given(inTransit).when(cancel).events).toEqual([
      {
        type: 'ShipmentCancellationRejected',
        data: { orderId: ORDER, shipmentId: SHIPMENT, status: 'IN_TRANSIT', reason: 'already_shipped' },
      },
    ]);
  });

  it('refuses a callback before the booking is recorded (retriable 503), for a cancelled shipment or another tracking number (409)', () => {
    expect(() => given(pending).when(track('SHIPPED'))).toThrow(ShipmentNotBookedYetError);
    expect(() => given({ ...scheduled, status: 'CANCELLED' }).when(track('SHIPPED'))).toThrow(/CANCELLED/);
    expect(() => given(scheduled).when(track('SHIPPED', 'SIM999'))).toThrow(/does not belong/);
  });
});

// The booking call may have reached the carrier even though its reply was lost (a timeout after the
// carrier accepted), and the parcel may even have left: a shipment cancelled while PENDING answers
// only once that booking is resolved (issue 14, finding 6).
describe('a repeated request of a shipment already on its way (the saga asking where the parcel is)', () => {
  it('answers with the booking and the latest status, and books nothing', () => {
    const decision = given(at('IN_TRANSIT', ['SHIPPED', 'IN_TRANSIT'])).when(request);
    expect(decision.shipment).toBeNull();
    expect(decision.events.map((e) => e.type)).toEqual(['ShipmentScheduled', 'ShipmentStatusChanged']);
    expect(decision.events[1]).toEqual({
      type: 'ShipmentStatusChanged',
      data: {
        orderId: ORDER,
        shipmentId: SHIPMENT,
        trackingNumber: booking.trackingNumber,
        status: 'IN_TRANSIT',
        location: null,
        changedAt: T0,
      },
    });
  });
});

describe('cancelling while the booking call is unresolved', () => {
  const resolving: Shipment = { ...pending, work: 'CANCEL' };
  const scheduledEvent = {
    type: 'ShipmentScheduled',
    data: {
      orderId: ORDER,
      shipmentId: SHIPMENT,
      carrier: booking.carrier,
      trackingNumber: booking.trackingNumber,
      estimatedDeliveryAt: booking.estimatedDeliveryAt,
    },
  };

  it('given the cancellation waits, when the request arrives again, then nothing is booked twice', () => {
    expect(given(resolving).when(request)).toEqual({ shipment: null, history: [], events: [] });
  });

  it("given the cancellation waits, when the re-issued booking finds the carrier's booking, then it is recorded (the saga learns it) and still owes the cancel", () => {
    expect(given(resolving).when({ type: 'RecordBooking', booking, now: T0 + 1 })).toEqual({
      shipment: { ...resolving, status: 'SCHEDULED', booking, work: 'CANCEL', reached: ['PENDING', 'SCHEDULED'] },
      history: [{ status: 'SCHEDULED', location: null, occurredAt: T0 + 1, source: 'service' }],
      events: [scheduledEvent],
    });
  });

  it('given the booking was found, when the carrier cancels it, then ShipmentCancelled; when the parcel had left, the cancellation is rejected', () => {
    const found: Shipment = { ...resolving, status: 'SCHEDULED', booking, reached: ['PENDING', 'SCHEDULED'] };
    expect(given(found).when({ type: 'RecordCarrierCancel', now: T0 + 2 }).events).toEqual([
      { type: 'ShipmentCancelled', data: { orderId: ORDER, shipmentId: SHIPMENT } },
    ]);
    expect(given(found).when({ type: 'RecordCancelRefused', carrierStatus: 'IN_TRANSIT', now: T0 + 2 }).events).toEqual(
      [
        {
          type: 'ShipmentCancellationRejected',
          data: { orderId: ORDER, shipmentId: SHIPMENT, status: 'IN_TRANSIT', reason: 'already_shipped' },
        },
      ],
    );
  });

  it('given the cancellation waits, when the carrier refuses the re-issued booking, then nothing was ever booked: ShipmentCancelled with no shipment id', () => {
    const decision = given(resolving).when({ type: 'RecordRefusal', reason: 'undeliverable_address', now: T0 + 1 });
    expect(decision.shipment).toMatchObject({ status: 'CANCELLED', work: null });
    expect(decision.events).toEqual([{ type: 'ShipmentCancelled', data: { orderId: ORDER, shipmentId: null } }]);
  });

  it('given a CANCELLED shipment still voiding a late booking (older rows), when the carrier answers, then nothing is owed, silently', () => {
    const voiding: Shipment = {
      ...pending,
      status: 'CANCELLED',
      booking,
      work: 'VOID',
      reached: ['PENDING', 'CANCELLED'],
    };
    expect(given(voiding).when({ type: 'RecordCarrierCancel', now: T0 + 2 })).toEqual({
      shipment: { ...voiding, work: null },
      history: [],
      events: [],
    });
    expect(given(voiding).when({ type: 'RecordCancelRefused', carrierStatus: 'SHIPPED', now: T0 + 2 })).toEqual({
      shipment: { ...voiding, work: null },
      history: [],
      events: [],
    });
  });
});
