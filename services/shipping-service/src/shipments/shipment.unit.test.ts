import { foldEvents } from '@kot/service-kit';
import type { Shipment } from './shipment';
import { shipmentDecider } from './shipment.decide';
import type { ShipmentEvent } from './shipment.events';
import { trackingSteps } from './shipment.evolve';
import {
  booked,
  booking,
  bookingLands,
  cancel,
  cancelQueued,
  cancelRecorded,
  cancelRefused,
  carrierCancels,
  ids,
  moved,
  opened,
  pending,
  refusal,
  rejected,
  request,
  scheduled,
  spec,
  SHIPMENT,
  T0,
  track,
  voidSettled,
} from '../testing/shipment-spec';

// Tracking callbacks and the repeated request of a parcel on its way: shipment-tracking.unit.test.ts.

describe('requesting a shipment', () => {
  it('given no shipment, when requested, then a PENDING shipment owes a booking and nothing is published yet', () => {
    expect(spec.given([]).when(request).then([opened])).toEqual(pending);
    expect(trackingSteps([opened])).toEqual([{ status: 'PENDING', location: null, occurredAt: T0, source: 'service' }]);
  });

  it('given a booking is in progress, when requested again, then nothing happens', () => {
    spec.given([opened]).when(request).then([]);
  });

  it('given a scheduled shipment, when requested again, then the booking is restated', () => {
    spec
      .given([opened, booked])
      .when(request)
      .then([{ type: 'BookingRestated', ...ids, booking }]);
  });

  it('given a cancellation came first, when the request arrives, then no shipment is booked', () => {
    spec
      .given([cancelRecorded(false)])
      .when(request)
      .then([]);
  });
});

describe('carrier outcomes', () => {
  it('given a pending booking, when the carrier books it, then it is SCHEDULED', () => {
    expect(spec.given([opened]).when(bookingLands()).then([booked])).toEqual(scheduled);
    expect(trackingSteps([booked])).toEqual([
      { status: 'SCHEDULED', location: null, occurredAt: T0 + 1, source: 'service' },
    ]);
  });

  it('given a pending booking, when the carrier refuses it, then it FAILED with the reason', () => {
    const failed = spec
      .given([opened])
      .when(refusal())
      .then([{ type: 'BookingRefused', ...ids, reason: 'undeliverable_address', at: T0 }]);
    expect(failed).toMatchObject({ status: 'FAILED', failureReason: 'undeliverable_address', work: null });
  });

  it('given the shipment was cancelled while the booking call was in flight, when the booking lands, then it is voided at the carrier, silently', () => {
    const cancelledWhilePending: Shipment = {
      ...pending,
      status: 'CANCELLED',
      work: null,
      reached: ['PENDING', 'CANCELLED'],
    };
    const found: ShipmentEvent = { type: 'LateBookingFound', shipmentId: SHIPMENT, booking };
    const voiding = spec.givenState(cancelledWhilePending).when(bookingLands(T0)).then([found]);
    expect(voiding).toEqual({ ...cancelledWhilePending, booking, work: 'VOID' });
    expect(trackingSteps([found])).toEqual([]);
    spec.givenState(voiding).when(carrierCancels(T0)).then([voidSettled]);
  });

  it('given no shipment, when a carrier outcome arrives, then nothing changes', () => {
    spec.given([]).when(bookingLands(T0)).then([]);
  });
});

describe('cancelling', () => {
  it('given no shipment yet, when cancelled, then a tombstone records that nothing was booked', () => {
    const tombstone = spec
      .given([])
      .when(cancel)
      .then([cancelRecorded(false, T0, 'shp-tomb')]);
    expect(tombstone).toMatchObject({ shipmentId: 'shp-tomb', status: 'CANCELLED', work: null });
  });

  it('given a pending booking, when cancelled, then nothing is answered yet: the booking the call may have left is resolved first', () => {
    expect(spec.given([opened]).when(cancel).then([cancelQueued])).toEqual({ ...pending, work: 'CANCEL' });
    expect(trackingSteps([cancelQueued])).toEqual([]);
    spec.given([opened, cancelQueued]).when(cancel).then([]);
  });

  it('given a scheduled shipment, when cancelled, then the carrier is asked first; its yes records the booking cancelled', () => {
    const asked = spec.given([opened, booked]).when(cancel).then([cancelQueued]);
    expect(asked).toEqual({ ...scheduled, work: 'CANCEL' });
    const done = spec
      .givenState(asked)
      .when(carrierCancels(T0 + 5))
      .then([cancelRecorded(true, T0 + 5)]);
    expect(done).toMatchObject({ status: 'CANCELLED', work: null });
  });

  it('given the carrier says the parcel already left, when it answers the cancel, then the cancel is refused and no longer owed', () => {
    const refused = spec
      .given([opened, booked, cancelQueued])
      .when(cancelRefused('SHIPPED'))
      .then([{ type: 'CarrierCancelRefused', ...ids, carrierStatus: 'SHIPPED' }]);
    expect(refused).toEqual(scheduled);
  });

  it('given the parcel shipped, when cancelled, then it is rejected at once with our status and nothing changes', () => {
    const inTransit = foldEvents(shipmentDecider, [opened, booked, moved('SHIPPED'), moved('IN_TRANSIT')]);
    // The very same state back: an answer leaves no row to write.
    expect(
      spec
        .givenState(inTransit)
        .when(cancel)
        .then([rejected('IN_TRANSIT')]),
    ).toBe(inTransit);
  });

  it('given a cancel is waiting for the carrier, when the parcel is reported SHIPPED, then the step is recorded and the cancel rejected', () => {
    const shipped = spec
      .given([opened, booked, cancelQueued])
      .when(track('SHIPPED'))
      .then([moved('SHIPPED'), rejected('SHIPPED')]);
    expect(shipped).toMatchObject({ status: 'SHIPPED', work: null });
  });
});

// The booking call may have reached the carrier even though its reply was lost (a timeout after the
// carrier accepted), and the parcel may even have left: a shipment cancelled while PENDING answers
// only once that booking is resolved (issue 14, finding 6).
describe('cancelling while the booking call is unresolved', () => {
  const resolving = [opened, cancelQueued];
  const found = { type: 'BookingRecorded', ...ids, booking, at: T0 + 1 } as const;

  it('given the cancellation waits, when the request arrives again, then nothing is booked twice', () => {
    spec.given(resolving).when(request).then([]);
  });

  it("given the cancellation waits, when the re-issued booking finds the carrier's booking, then it is recorded (the saga learns it) and still owes the cancel", () => {
    const after = spec.given(resolving).when(bookingLands()).then([found]);
    expect(after).toEqual({ ...scheduled, work: 'CANCEL' });
    expect(trackingSteps([found])).toEqual([
      { status: 'SCHEDULED', location: null, occurredAt: T0 + 1, source: 'service' },
    ]);
  });

  it('given the booking was found, when the carrier cancels it, then the booking is cancelled; when the parcel had left, the cancel is refused', () => {
    spec
      .given([...resolving, found])
      .when(carrierCancels())
      .then([cancelRecorded(true, T0 + 2)]);
    spec
      .given([...resolving, found])
      .when(cancelRefused('IN_TRANSIT'))
      .then([{ type: 'CarrierCancelRefused', ...ids, carrierStatus: 'IN_TRANSIT' }]);
  });

  it('given the cancellation waits, when the carrier refuses the re-issued booking, then nothing was ever booked', () => {
    const after = spec
      .given(resolving)
      .when(refusal(T0 + 1))
      .then([cancelRecorded(false, T0 + 1)]);
    expect(after).toMatchObject({ status: 'CANCELLED', work: null });
  });

  it('given a CANCELLED shipment still voiding a late booking, when the carrier answers, then nothing is owed, silently', () => {
    const voiding = [
      ...resolving,
      cancelRecorded(false),
      { type: 'LateBookingFound', shipmentId: SHIPMENT, booking } as const,
    ];
    const settled: Shipment = {
      ...pending,
      status: 'CANCELLED',
      booking,
      work: null,
      reached: ['PENDING', 'CANCELLED'],
    };
    expect(spec.given(voiding).when(carrierCancels()).then([voidSettled])).toEqual(settled);
    expect(spec.given(voiding).when(cancelRefused('SHIPPED')).then([voidSettled])).toEqual(settled);
  });
});
