import { histogramQuantile, parseMetrics, samplesOf, total } from './metrics-text';
import { breakersOf, ordersOf } from './services';

// A trimmed copy of what the order service serves on /metrics (prom-client's format).
const ORDER_METRICS = `# HELP orders_by_status Orders currently in each saga status
# TYPE orders_by_status gauge
orders_by_status{status="DELIVERED",service="order-service"} 12
orders_by_status{status="CANCELLED",service="order-service"} 3
orders_by_status{status="PAYING",service="order-service"} 1
# TYPE circuit_breaker_state gauge
circuit_breaker_state{breaker="payment-provider",service="order-service"} 2
circuit_breaker_state{breaker="carrier",service="order-service"} 0
# TYPE kafka_consumer_lag gauge
kafka_consumer_lag{group="order-service",topic="orders.events",partition="0",service="order-service"} 4
kafka_consumer_lag{group="order-service",topic="orders.events",partition="1",service="order-service"} 6
# TYPE saga_duration_seconds histogram
saga_duration_seconds_bucket{le="1",outcome="delivered",service="order-service"} 0
saga_duration_seconds_bucket{le="2",outcome="delivered",service="order-service"} 4
saga_duration_seconds_bucket{le="4",outcome="delivered",service="order-service"} 8
saga_duration_seconds_bucket{le="+Inf",outcome="delivered",service="order-service"} 8
saga_duration_seconds_bucket{le="1",outcome="cancelled",service="order-service"} 2
saga_duration_seconds_bucket{le="2",outcome="cancelled",service="order-service"} 2
saga_duration_seconds_bucket{le="4",outcome="cancelled",service="order-service"} 2
saga_duration_seconds_bucket{le="+Inf",outcome="cancelled",service="order-service"} 2
saga_duration_seconds_sum{outcome="delivered",service="order-service"} 20
saga_duration_seconds_count{outcome="delivered",service="order-service"} 8
`;

describe('parseMetrics', () => {
  it('reads samples with their labels and skips comments', () => {
    const metrics = parseMetrics(ORDER_METRICS);
    expect(samplesOf(metrics, 'orders_by_status')).toContainEqual({
      labels: { status: 'DELIVERED', service: 'order-service' },
      value: 12,
    });
    expect(metrics.has('# HELP')).toBe(false);
    expect(total(metrics, 'kafka_consumer_lag')).toBe(10);
    expect(total(metrics, 'not_there')).toBeUndefined();
  });

  it('unescapes label values and reads +Inf and unlabelled samples', () => {
    const metrics = parseMetrics('x{a="say \\"hi\\""} +Inf\nup 1\nbroken line here\n');
    expect(samplesOf(metrics, 'x')).toEqual([{ labels: { a: 'say "hi"' }, value: Infinity }]);
    expect(samplesOf(metrics, 'up')).toEqual([{ labels: {}, value: 1 }]);
  });
});

describe('histogramQuantile', () => {
  const metrics = parseMetrics(ORDER_METRICS);

  it('sums the label sets and interpolates inside the bucket the rank falls in', () => {
    // 10 observations: 2 in (0,1], 4 in (1,2], 4 in (2,4]. Rank 5 is the 3rd of 4 in (1,2] -> 1.75.
    expect(histogramQuantile(metrics, 'saga_duration_seconds', 0.5)).toBeCloseTo(1.75);
    // Rank 9.5 is 3.5 of 4 in (2,4] -> 3.75.
    expect(histogramQuantile(metrics, 'saga_duration_seconds', 0.95)).toBeCloseTo(3.75);
  });

  it('is undefined before anything was observed and the last finite bound beyond it', () => {
    expect(histogramQuantile(parseMetrics('h_bucket{le="1"} 0\nh_bucket{le="+Inf"} 0\n'), 'h', 0.5)).toBeUndefined();
    expect(histogramQuantile(parseMetrics('h_bucket{le="1"} 1\nh_bucket{le="+Inf"} 5\n'), 'h', 0.95)).toBe(1);
  });
});

describe('what the monitor takes from a service', () => {
  const metrics = parseMetrics(ORDER_METRICS);

  it('names breaker states as the gauge encodes them (0 closed, 1 half-open, 2 open)', () => {
    expect(breakersOf(metrics)).toEqual([
      { name: 'carrier', state: 'closed' },
      { name: 'payment-provider', state: 'open' },
    ]);
  });

  it('takes status counts and saga percentiles from the order service', () => {
    const orders = ordersOf(metrics);
    expect(orders.byStatus).toEqual({ DELIVERED: 12, CANCELLED: 3, PAYING: 1 });
    expect(orders.sagaP50).toBeCloseTo(1.75);
  });
});
