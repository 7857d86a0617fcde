import { eventually } from '@kot/testing';
import { getJson, orderBody, request } from '../support/http';
import { startSystem, type System } from '../support/system';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { dashboardQueries, exposedNames, metricNames, withAllSelected } from '../support/dashboards';

// Every panel of monitoring/grafana/dashboards must show data against a real Prometheus scraping the
// real services after real traffic, and may only name metrics some service exports.
let sys: System;
let prometheus: RunningPrometheus;

const services = () => [
  { service: 'order-service', url: sys.urls.order },
  { service: 'inventory-service', url: sys.urls.inventory },
  { service: 'shipping-service', url: sys.urls.shipping },
];

async function placeAndFinish(body: ReturnType<typeof orderBody>): Promise<void> {
  const placed = await request('POST', `${sys.urls.order}/api/v1/orders`, body);
  expect(placed.status).toBe(201);
  await eventually(
    async () => {
      const order = await getJson(`${sys.urls.order}/api/v1/orders/${placed.body.orderId}`);
      return ['DELIVERED', 'CANCELLED'].includes(order.status);
    },
    `order ${placed.body.orderId} to finish`,
    60_000,
  );
}

beforeAll(async () => {
  sys = await startSystem('dashboards');
  prometheus = await startPrometheus(services());
  await eventually(
    async () => (await prometheus.query('up == 1')).length === 3,
    'prometheus to scrape all three services',
    30_000,
    250,
  );
  await Promise.all([placeAndFinish(orderBody()), placeAndFinish(orderBody({ customerId: 'DECLINE-dash' }))]);
  // A few more scrapes, so every rate() has two samples after the traffic.
  await new Promise((resolve) => setTimeout(resolve, 3500));
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  await sys?.stop();
});

describe('Grafana dashboards against a real Prometheus scraping the services', () => {
  const queries = dashboardQueries();

  it('finds the three dashboards and their panels', () => {
    expect(new Set(queries.map((q) => q.dashboard))).toEqual(
      new Set(['Saga overview', 'Service RED', 'Kafka and outbox']),
    );
    expect(queries.length).toBeGreaterThanOrEqual(18);
  });

  it('names only metrics that some service exports', async () => {
    const exported = new Set<string>();
    for (const { url } of services()) {
      const response = await fetch(`${url}/metrics`);
      exposedNames(await response.text()).forEach((name) => exported.add(name));
    }
    const unknown = queries.flatMap((q) =>
      metricNames(q.expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${q.dashboard} / ${q.panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
    expect(exported.has('kafka_consumer_lag')).toBe(true);
  });

  it('returns at least one series for every panel query', async () => {
    const empty: string[] = [];
    for (const q of queries) {
      const result = await prometheus.query(withAllSelected(q.expr));
      if (result.length === 0) empty.push(`${q.dashboard} / ${q.panel}: ${q.expr}`);
    }
    expect(empty).toEqual([]);
  });

  it('sees the saga outcomes of the traffic, with the service label each service set itself', async () => {
    const outcomes = await prometheus.query('sum by (service, outcome, reason) (saga_outcomes_total)');
    expect(outcomes.map((s) => s.metric)).toEqual(
      expect.arrayContaining([
        { service: 'order-service', outcome: 'delivered', reason: 'none' },
        { service: 'order-service', outcome: 'cancelled', reason: 'PAYMENT_DECLINED' },
      ]),
    );
    expect(await prometheus.query('count({exported_service!=""})')).toEqual([]);
  });
});
