import { ConflictError, foldEvents } from '@kot/service-kit';
import { ShipmentNotBookedYetError, type Shipment, type TrackedStatus } from './shipment';
import { shipmentDecider } from './shipment.decide';
import { trackingSteps } from './shipment.evolve';
import {
  booked,
  booking,
  cancel,
  cancelQueued,
  cancelRecorded,
  ids,
  moved,
  opened,
  rejected,
  request,
  scheduled,
  spec,
  T0,
  track,
} from '../testing/shipment-spec';

/** Booked, then reported by the carrier at each of `steps`. */
const travelled = (...steps: TrackedStatus[]) => spec.given([opened, booked, ...steps.map(moved)]);

describe('carrier tracking callbacks', () => {
  it('given a scheduled shipment, when SHIPPED is reported, then the step is recorded as the carrier reported it', () => {
    const shipped = travelled()
      .when(track('SHIPPED'))
      .then([moved('SHIPPED')]);
    expect(shipped).toMatchObject({ status: 'SHIPPED' });
    expect(trackingSteps([moved('SHIPPED')])).toEqual([
      { status: 'SHIPPED', location: 'Louisville, KY', occurredAt: T0 + 10, source: 'carrier' },
    ]);
  });

  it('given a step already recorded, when it is reported again (even after later steps), then nothing changes', () => {
    travelled('SHIPPED').when(track('SHIPPED')).then([]);
    travelled('SHIPPED', 'IN_TRANSIT').when(track('SHIPPED')).then([]);
  });

  it('given a later status, when an earlier step never recorded is reported, then it is refused as going backwards (409)', () => {
    travelled('OUT_FOR_DELIVERY').when(track('IN_TRANSIT')).thenThrows(ConflictError);
    travelled('OUT_FOR_DELIVERY')
      .when(track('IN_TRANSIT'))
      .thenThrows(/cannot go back/);
  });

  it('given a skipped step, when a later one is reported, then it moves forward', () => {
    const after = travelled()
      .when(track('IN_TRANSIT'))
      .then([moved('IN_TRANSIT')]);
    expect(after).toMatchObject({ status: 'IN_TRANSIT' });
  });

  // Carriers skip and repeat scans: what they report is recorded as reported, nothing is made up in between.
  it.each(['IN_TRANSIT', 'DELIVERED'] as const)(
    'given a scheduled shipment, when %s comes without SHIPPED, then only that step is recorded',
    (status) => {
      const after = travelled()
        .when(track(status))
        .then([moved(status)]);
      expect(after).toEqual({ ...scheduled, status, reached: ['PENDING', 'SCHEDULED', status] });
      expect(trackingSteps([moved(status)])).toEqual([
        { status, location: 'Louisville, KY', occurredAt: T0 + 10, source: 'carrier' },
      ]);
    },
  );

  it('given DELIVERED was reported (with steps skipped), when DELIVERED comes again, then nothing changes', () => {
    travelled('DELIVERED').when(track('DELIVERED')).then([]);
  });

  it('given SHIPPED was skipped, when a cancel is waiting or arrives, then the parcel counts as gone: the cancel is rejected', () => {
    const delivered = spec
      .given([opened, booked, cancelQueued])
      .when(track('DELIVERED'))
      .then([moved('DELIVERED'), rejected('DELIVERED')]);
    expect(delivered).toMatchObject({ status: 'DELIVERED', work: null });
    travelled('IN_TRANSIT')
      .when(cancel)
      .then([rejected('IN_TRANSIT')]);
  });

  it('refuses a callback before the booking is recorded (retriable 503), for a cancelled shipment or another tracking number (409)', () => {
    spec.given([opened]).when(track('SHIPPED')).thenThrows(ShipmentNotBookedYetError);
    spec
      .givenState({ ...scheduled, status: 'CANCELLED' })
      .when(track('SHIPPED'))
      .thenThrows(/CANCELLED/);
    spec
      .given([cancelRecorded(false)])
      .when(track('SHIPPED'))
      .thenThrows(ConflictError);
    travelled()
      .when(track('SHIPPED', 'SIM999'))
      .thenThrows(/does not belong/);
  });
});

describe('a repeated request of a shipment already on its way (the saga asking where the parcel is)', () => {
  it('answers with the booking and the latest status, books nothing and leaves the row as it was', () => {
    const inTransit = foldEvents(shipmentDecider, [opened, booked, moved('SHIPPED'), moved('IN_TRANSIT')]) as Shipment;
    const after = spec
      .givenState(inTransit)
      .when(request)
      .then([
        { type: 'BookingRestated', ...ids, booking },
        { type: 'StatusRestated', ...ids, trackingNumber: booking.trackingNumber, status: 'IN_TRANSIT', at: T0 },
      ]);
    expect(after).toBe(inTransit);
  });
});
