import { DependencyUnavailableError, NotFoundError } from '../errors/errors';
import { createMetrics, type Metrics } from '../metrics/metrics';
import { memoryLogger } from '../testing/support';
import { createBreaker, type Breaker } from './breaker';

const options = { timeoutMs: 50, errorThresholdPercentage: 50, resetTimeoutMs: 60_000, volumeThreshold: 2 };
let metrics: Metrics;
const breakers: Breaker<unknown[], unknown>[] = [];

beforeEach(() => {
  metrics = createMetrics({ service: 'shipping-service', defaultMetrics: false });
});
afterEach(() => breakers.splice(0).forEach((b) => b.shutdown()));

function track<A extends unknown[], R>(breaker: Breaker<A, R>): Breaker<A, R> {
  breakers.push(breaker as unknown as Breaker<unknown[], unknown>);
  return breaker;
}

async function metricValue(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const match = metric?.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return match?.value;
}

describe('createBreaker', () => {
  it('passes results through while the dependency is healthy', async () => {
    const breaker = track(
      createBreaker('carrier', async (id: string) => `label-${id}`, options, { metrics, ...memoryLogger() }),
    );
    await expect(breaker.fire('o-1')).resolves.toBe('label-o-1');
    expect(breaker.state()).toBe('closed');
    expect(await metricValue('circuit_breaker_state', { breaker: 'carrier' })).toBe(0);
    expect(await metricValue('circuit_breaker_events_total', { breaker: 'carrier', event: 'success' })).toBe(1);
  });

  it('opens after failures, fails fast with a retriable 503 and reports state 2', async () => {
    const { logger, lines } = memoryLogger();
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('connect ECONNREFUSED');
    };
    const breaker = track(createBreaker('payment-provider', failing, options, { metrics, logger }));
    await expect(breaker.fire()).rejects.toThrow('ECONNREFUSED');
    await expect(breaker.fire()).rejects.toThrow('ECONNREFUSED');
    expect(breaker.state()).toBe('open');

    const rejected = await breaker.fire().catch((err: unknown) => err);
    expect(rejected).toBeInstanceOf(DependencyUnavailableError);
    expect(rejected).toMatchObject({ code: 'CIRCUIT_OPEN', status: 503, retriable: true, retryAfterSeconds: 60 });
    expect(calls).toBe(2); // the open circuit did not call the dependency
    expect(await metricValue('circuit_breaker_state', { breaker: 'payment-provider' })).toBe(2);
    expect(await metricValue('circuit_breaker_events_total', { breaker: 'payment-provider', event: 'open' })).toBe(1);
    expect(await metricValue('circuit_breaker_events_total', { breaker: 'payment-provider', event: 'reject' })).toBe(1);
    expect(lines.some((l) => l.level === 'warn' && l.breaker === 'payment-provider')).toBe(true);
  });

  it('turns a slow call into a DEPENDENCY_TIMEOUT and counts it', async () => {
    const breaker = track(
      createBreaker(
        'slow',
        () => new Promise<never>(() => undefined),
        { ...options, volumeThreshold: 10 },
        { metrics, ...memoryLogger() },
      ),
    );
    await expect(breaker.fire()).rejects.toMatchObject({ code: 'DEPENDENCY_TIMEOUT', status: 503 });
    expect(await metricValue('circuit_breaker_events_total', { breaker: 'slow', event: 'timeout' })).toBe(1);
  });

  it('does not count non-retriable errors (a healthy dependency saying no) as failures', async () => {
    const breaker = track(
      createBreaker(
        'lookup',
        async () => {
          throw new NotFoundError('no such parcel');
        },
        options,
        { metrics, ...memoryLogger() },
      ),
    );
    for (let i = 0; i < 5; i++) await expect(breaker.fire()).rejects.toBeInstanceOf(NotFoundError);
    expect(breaker.state()).toBe('closed');
    expect(await metricValue('circuit_breaker_events_total', { breaker: 'lookup', event: 'failure' })).toBeUndefined();
  });

  it('shares one gauge between breakers in the same registry', async () => {
    track(createBreaker('a', async () => 1, options, { metrics, ...memoryLogger() }));
    track(createBreaker('b', async () => 2, options, { metrics, ...memoryLogger() }));
    expect(await metricValue('circuit_breaker_state', { breaker: 'a' })).toBe(0);
    expect(await metricValue('circuit_breaker_state', { breaker: 'b' })).toBe(0);
  });
});
