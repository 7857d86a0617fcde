export { createMetrics, getOrCreateCounter, getOrCreateGauge, getOrCreateHistogram } from './metrics';
export type { Metrics, MetricsOptions } from './metrics';
