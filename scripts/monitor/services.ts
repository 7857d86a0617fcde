// The HTTP side of the monitor: each service's /health/ready and /metrics, read as any scraper would.
// A service that does not answer becomes DOWN in the result; nothing here throws.
import { histogramQuantile, parseMetrics, samplesOf, total, type Sample } from './metrics-text';
import type { Breaker, OrdersView, ServiceView } from './state';

export interface ServiceTarget {
  name: string;
  url: string;
}

const BREAKER_STATES = ['closed', 'half-open', 'open'];
// Generous: the order service counts orders in its database per scrape, which is slow on a loaded machine.
const TIMEOUT_MS = 3000;

async function fetchText(url: string): Promise<{ status: number; text: string } | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { status: response.status, text: await response.text() };
  } catch {
    return null;
  }
}

export function breakersOf(metrics: Map<string, Sample[]>): Breaker[] {
  return samplesOf(metrics, 'circuit_breaker_state')
    .map((s) => ({ name: s.labels.breaker ?? '?', state: BREAKER_STATES[s.value] ?? String(s.value) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Status counts and saga durations from the order service's own metrics. */
export function ordersOf(metrics: Map<string, Sample[]>): OrdersView {
  const byStatus: Record<string, number> = {};
  for (const { labels, value } of samplesOf(metrics, 'orders_by_status')) {
    if (labels.status) byStatus[labels.status] = (byStatus[labels.status] ?? 0) + value;
  }
  return {
    byStatus,
    sagaP50: histogramQuantile(metrics, 'saga_duration_seconds', 0.5),
    sagaP95: histogramQuantile(metrics, 'saga_duration_seconds', 0.95),
  };
}

export interface ServicesSnapshot {
  services: ServiceView[];
  orders?: OrdersView;
}

async function probe(target: ServiceTarget): Promise<{ view: ServiceView; metrics?: Map<string, Sample[]> }> {
  const [ready, metricsText] = await Promise.all([
    fetchText(`${target.url}/health/ready`),
    fetchText(`${target.url}/metrics`),
  ]);
  if (!ready && !metricsText) return { view: { name: target.name, health: 'DOWN', breakers: [] } };
  const metrics = metricsText?.status === 200 ? parseMetrics(metricsText.text) : undefined;
  const health = ready?.status === 200 ? 'UP' : ready ? 'NOT READY' : 'DOWN';
  return {
    view: {
      name: target.name,
      health,
      lag: metrics && total(metrics, 'kafka_consumer_lag'),
      breakers: metrics ? breakersOf(metrics) : [],
    },
    metrics,
  };
}

/** An order-service instance: `order`, or `order-2`, `order-3`… of a scaled-out system. */
export const isOrderTarget = (name: string) => /^order(-\d+)?$/.test(name);

/**
 * Probes every instance of every service at once. The order counts and saga durations come from the first
 * order instance that answered: the counts are read from the shared database, so every instance reports
 * the same ones, and one instance down must not blank them.
 */
export async function readServices(targets: ServiceTarget[]): Promise<ServicesSnapshot> {
  const results = await Promise.all(targets.map(probe));
  const order = results.find((r, i) => isOrderTarget(targets[i]?.name ?? '') && r.metrics)?.metrics;
  return { services: results.map((r) => r.view), orders: order ? ordersOf(order) : undefined };
}
