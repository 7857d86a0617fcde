import { Writable } from 'node:stream';
import { createLogger, createMetrics } from '@kot/service-kit';
import { loadCarrierConfig, startCarrierSimulator, type CarrierSimulator } from '@kot/simulators';
import { sampleShippingAddress, sampleStockLines } from '@kot/events';
import { createCarrierClient, type CarrierClient } from './carrier-client';

// The carrier simulator on a real socket, with a clock that has sub-millisecond precision (as a carrier
// reading a high-resolution clock would): its estimatedDeliveryAt then has a fraction, which the Avro
// long of ShipmentScheduled refuses. The client must hand the worker a booking the contract can carry.
const CARRIER_NOW = 1_765_000_000_000.375;
let carrier: CarrierSimulator;
let client: CarrierClient;
const logLines: Array<{ msg: string; note?: string }> = [];

beforeAll(async () => {
  carrier = await startCarrierSimulator(loadCarrierConfig({ CARRIER_PORT: '0', CARRIER_STEP_MS: '60000' }), {
    clock: () => CARRIER_NOW,
    log: { info: () => {}, warn: () => {}, error: () => {} } as never,
  });
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  client = createCarrierClient({
    baseUrl: carrier.url,
    timeoutMs: 2_000,
    retries: 0,
    retryBaseMs: 10,
    breaker: { resetTimeoutMs: 1_000, errorThresholdPercentage: 50, volumeThreshold: 10 },
    metrics: createMetrics({ service: 'carrier-client-test', defaultMetrics: false }),
    logger: createLogger({ service: 'carrier-client-test', destination }),
  });
});
afterAll(async () => {
  client.shutdown();
  await carrier.close();
});

describe('carrier client against the carrier simulator', () => {
  it('turns a fractional estimatedDeliveryAt into whole epoch milliseconds, and says so in the log', async () => {
    // HOLD keeps the parcel SCHEDULED: no tracking callbacks to a listener this test does not have.
    const recipient = { ...sampleShippingAddress(), address: '1 HOLD Street' };
    const result = await client.book({
      orderId: 'ord-fraction',
      recipient,
      items: sampleStockLines(),
      callbackUrl: 'http://127.0.0.1:9/callbacks',
    });
    expect(result.outcome).toBe('BOOKED');
    const { trackingNumber, estimatedDeliveryAt } = (result as Extract<typeof result, { outcome: 'BOOKED' }>).booking;
    const raw = carrier.book.get(trackingNumber)?.estimatedDeliveryAt;
    expect(raw).toBe(CARRIER_NOW + 4 * 60_000); // the carrier really answered with a fraction
    expect(estimatedDeliveryAt).toBe(Math.trunc(raw!));
    expect(logLines).toContainEqual(
      expect.objectContaining({
        msg: 'carrier answer normalised',
        note: expect.stringContaining('fraction of a millisecond'),
      }),
    );
  });
});
