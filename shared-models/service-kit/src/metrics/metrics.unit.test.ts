import { createMetrics } from './metrics';

describe('createMetrics', () => {
  it('labels every series with the service and includes default process metrics', async () => {
    const metrics = createMetrics({ service: 'inventory-service' });
    metrics.counter({ name: 'stock_reservations_total', help: 'Reservations made' }).inc();
    const { contentType, body } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('stock_reservations_total{service="inventory-service"} 1');
    expect(body).toMatch(/process_cpu_seconds_total\{service="inventory-service"\}/);
    expect(body).not.toMatch(/^inventory_/m); // no prefix
  });

  it('returns the same metric when asked twice, so packages cannot double-register', () => {
    const metrics = createMetrics({ service: 's', defaultMetrics: false });
    const a = metrics.histogram({ name: 'outbox_publish_duration_seconds', help: 'h', labelNames: ['topic'] });
    const b = metrics.histogram({ name: 'outbox_publish_duration_seconds', help: 'h', labelNames: ['topic'] });
    expect(b).toBe(a);
    expect(metrics.gauge({ name: 'outbox_lag', help: 'g' })).toBe(metrics.gauge({ name: 'outbox_lag', help: 'g' }));
  });

  it('refuses a clash in type or label names', () => {
    const metrics = createMetrics({ service: 's', defaultMetrics: false });
    metrics.counter({ name: 'events_total', help: 'c', labelNames: ['type'] });
    expect(() => metrics.gauge({ name: 'events_total', help: 'g' })).toThrow(/different type/);
    expect(() => metrics.counter({ name: 'events_total', help: 'c', labelNames: ['kind'] })).toThrow(/labels \[type\]/);
  });

  it('keeps registries separate per createMetrics call', async () => {
    const one = createMetrics({ service: 'one', defaultMetrics: false });
    const two = createMetrics({ service: 'two', defaultMetrics: false });
    one.counter({ name: 'only_in_one_total', help: 'c' }).inc();
    expect((await two.render()).body).not.toContain('only_in_one_total');
  });
});
