// One Prometheus registry per service process. Packages (messaging, outbox, breakers) register
// into it through get-or-create helpers, so wiring order never causes "already registered".
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type Metric,
} from 'prom-client';

export interface MetricsOptions {
  service: string;
  /** Process/runtime metrics (CPU, heap, event loop lag). Off in tests that build many registries. */
  defaultMetrics?: boolean;
}

export interface Metrics {
  readonly registry: Registry;
  counter<T extends string>(config: Omit<CounterConfiguration<T>, 'registers'>): Counter<T>;
  histogram<T extends string>(config: Omit<HistogramConfiguration<T>, 'registers'>): Histogram<T>;
  gauge<T extends string>(config: Omit<GaugeConfiguration<T>, 'registers'>): Gauge<T>;
  /** Prometheus exposition text and its content type, for a /metrics endpoint. */
  render(): Promise<{ contentType: string; body: string }>;
}

type MetricClass<M> = new (config: never) => M;

/**
 * Return the metric already registered under `name`, or create it. A clash in type or label
 * names is a programming error that would corrupt the series, so it throws at start-up.
 */
function getOrCreate<M extends Metric<string>>(
  registry: Registry,
  kind: MetricClass<M>,
  config: { name: string; labelNames?: readonly string[] },
  create: () => M,
): M {
  const existing = registry.getSingleMetric(config.name);
  if (!existing) return create();
  if (!(existing instanceof kind)) {
    throw new TypeError(`Metric ${config.name} is already registered as a different type`);
  }
  const wanted = [...(config.labelNames ?? [])].sort().join(',');
  const actual = [...((existing as unknown as { labelNames?: string[] }).labelNames ?? [])].sort().join(',');
  if (wanted !== actual) {
    throw new TypeError(`Metric ${config.name} is already registered with labels [${actual}], not [${wanted}]`);
  }
  return existing as M;
}

export function getOrCreateCounter<T extends string>(
  registry: Registry,
  config: Omit<CounterConfiguration<T>, 'registers'>,
): Counter<T> {
  return getOrCreate(registry, Counter<T>, config, () => new Counter<T>({ ...config, registers: [registry] }));
}

export function getOrCreateHistogram<T extends string>(
  registry: Registry,
  config: Omit<HistogramConfiguration<T>, 'registers'>,
): Histogram<T> {
  return getOrCreate(registry, Histogram<T>, config, () => new Histogram<T>({ ...config, registers: [registry] }));
}

export function getOrCreateGauge<T extends string>(
  registry: Registry,
  config: Omit<GaugeConfiguration<T>, 'registers'>,
): Gauge<T> {
  return getOrCreate(registry, Gauge<T>, config, () => new Gauge<T>({ ...config, registers: [registry] }));
}

/** A private registry (not prom-client's global one) so tests and services cannot collide. */
export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  // Every series carries `service`, so dashboards can filter without per-metric labels.
  registry.setDefaultLabels({ service: options.service });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  return {
    registry,
    counter: (config) => getOrCreateCounter(registry, config),
    histogram: (config) => getOrCreateHistogram(registry, config),
    gauge: (config) => getOrCreateGauge(registry, config),
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}
