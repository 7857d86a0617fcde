import { bookingFromReply } from './carrier-client';

// Pure: what the client makes of a 2xx booking answer, before anything is stored or emitted.
describe('bookingFromReply: a carrier answer checked against the ShipmentScheduled contract', () => {
  const good = {
    shipmentRef: 'shp_1',
    carrier: 'SimExpress',
    trackingNumber: 'SIM0123456789AB',
    estimatedDeliveryAt: 1_765_000_240_000,
    status: 'SCHEDULED',
  };

  it('takes a well-formed answer as it is, with nothing to note', () => {
    expect(bookingFromReply(good)).toEqual({
      booking: {
        carrier: 'SimExpress',
        trackingNumber: 'SIM0123456789AB',
        carrierRef: 'shp_1',
        estimatedDeliveryAt: 1_765_000_240_000,
      },
      notes: [],
    });
  });

  it.each([[''], ['   '], [undefined], [12345]])(
    'refuses an answer whose tracking number is %p: the parcel could be neither tracked nor cancelled',
    (trackingNumber) => {
      expect(bookingFromReply({ ...good, trackingNumber })).toEqual({
        refusal: expect.stringMatching(/^invalid_carrier_reply: no tracking number/),
      });
    },
  );

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [-1], [1e300], ['soon'], [undefined], [null]])(
    'records an estimatedDeliveryAt of %p as no estimate (0), with a reason',
    (estimatedDeliveryAt) => {
      const reply = bookingFromReply({ ...good, estimatedDeliveryAt });
      expect(reply).toEqual({
        booking: expect.objectContaining({ estimatedDeliveryAt: 0 }),
        notes: [expect.stringMatching(/not an instant in epoch milliseconds/)],
      });
    },
  );

  it('truncates a fraction of a millisecond (the stored timestamp truncates too), and accepts digits sent as a string', () => {
    expect(bookingFromReply({ ...good, estimatedDeliveryAt: 1_765_000_240_000.9 })).toMatchObject({
      booking: { estimatedDeliveryAt: 1_765_000_240_000 },
      notes: [expect.stringMatching(/truncated to 1765000240000/)],
    });
    expect(bookingFromReply({ ...good, estimatedDeliveryAt: '1765000240000' })).toMatchObject({
      booking: { estimatedDeliveryAt: 1_765_000_240_000 },
      notes: [],
    });
  });

  it('labels a missing carrier name unknown, and notes it', () => {
    expect(bookingFromReply({ ...good, carrier: '' })).toMatchObject({
      booking: { carrier: 'unknown' },
      notes: ['no carrier name: recorded as unknown'],
    });
  });
});
