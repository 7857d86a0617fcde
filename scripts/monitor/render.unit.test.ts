import { breakerText, fit, render, sparkline, visibleLength } from './render';
import { addEvent, handleInput, initialState, type FeedEvent, type MonitorState } from './state';

const T0 = Date.parse('2026-01-01T10:00:00Z');
const SIZE = { columns: 80, rows: 24 };
const plain = (screen: string) => screen.replace(/\x1b\[[0-9;]*m/g, '');

function busyState(): MonitorState {
  let state: MonitorState = {
    ...initialState(
      'test.run-1234.e2e-monitor.0a1b2c3d.orders.events.with.a.very.long.name',
      ['order', 'inventory', 'shipping', 'notification', 'analytics'],
      T0,
    ),
    kafka: { state: 'live', detail: 'group monitor-0a1b2c3d' },
    orders: {
      byStatus: {
        RESERVING: 12345,
        PAYING: 2,
        SCHEDULING: 3,
        CONFIRMED: 4,
        SHIPPED: 5,
        DELIVERED: 98765,
        COMPENSATING: 1,
        CANCELLED: 43210,
      },
      sagaP50: 1.25,
      sagaP95: 0.4,
    },
  };
  state = {
    ...state,
    services: state.services.map((s) => ({
      ...s,
      health: 'UP',
      lag: 3,
      breakers: [
        { name: 'payment-provider-with-a-long-name', state: 'half-open' },
        { name: 'carrier', state: 'open' },
      ],
    })),
  };
  for (let i = 0; i < 40; i += 1) {
    const event: FeedEvent = {
      at: T0,
      orderId: `${String(i).padStart(8, '0')}-aaaa-4aaa-8aaa-aaaaaaaaaaaa`,
      type: 'ShipmentCancellationRequested',
      service: 'notification-service',
      correlationId: 'f'.repeat(36),
    };
    state = addEvent(state, event, T0 - 1000 * (i % 30));
  }
  return state;
}

describe('render', () => {
  it('fills an 80x24 terminal exactly, however long the content', () => {
    for (const state of [
      busyState(),
      initialState('orders.events', [], T0),
      handleInput(busyState(), '/0000001').state,
    ]) {
      const lines = render(state, SIZE).split('\n');
      expect(lines).toHaveLength(24);
      for (const line of lines) expect(visibleLength(line)).toBeLessThanOrEqual(80);
    }
  });

  it('shows status counts, success rate, saga percentiles and the feed columns', () => {
    const screen = plain(render(busyState(), SIZE));
    expect(screen).toContain('success  69.6% (98765/141975)');
    expect(screen).toContain('saga p50 1.3s  p95 400ms');
    expect(screen).toMatch(/^10:00:00 00000039 ShipmentCancellationRequested notification fffff/m);
    expect(screen).toContain('kafka    live  group monitor-0a1b2c3d');
  });

  it('falls back to short status names when the full ones do not fit', () => {
    expect(plain(render(busyState(), SIZE))).toContain(
      'orders   RSV 12345 PAY 2 SCH 3 CNF 4 SHP 5 DLV 98765 CMP 1 CXL 43210',
    );
    const few = { ...busyState(), orders: { byStatus: { DELIVERED: 7, CANCELLED: 2 } } };
    expect(plain(render(few, SIZE))).toContain('orders   DELIVERED 7  CANCELLED 2');
  });

  it('shows a stopped service as DOWN and says why there are no counts', () => {
    const state = busyState();
    const down: MonitorState = {
      ...state,
      orders: undefined,
      services: state.services.map((s) => (s.name === 'order' ? { name: 'order', health: 'DOWN', breakers: [] } : s)),
    };
    const screen = plain(render(down, SIZE));
    expect(screen).toMatch(/^order {9}DOWN {7}- /m);
    expect(screen).toMatch(/^inventory {5}UP {9}3 /m);
    expect(screen).toContain('orders   (order service DOWN: no status counts)');
  });

  it('says when Kafka is unreachable instead of showing an empty feed silently', () => {
    const screen = plain(
      render({ ...busyState(), kafka: { state: 'unreachable', detail: 'Connection error: ECONNREFUSED' } }, SIZE),
    );
    expect(screen).toContain('kafka    UNREACHABLE (Connection error: ECONNREFUSED), retrying');
  });

  it('marks a paused feed and a filter that matches nothing', () => {
    const paused = handleInput(busyState(), 'p').state;
    expect(plain(render(paused, SIZE)).split('\n')[0]).toMatch(/PAUSED $/);
    const screen = plain(render(handleInput(busyState(), '/nope\r').state, SIZE));
    expect(screen).toContain('(no events for order nope)');
    expect(screen.split('\n')[23]).toContain('filter: nope');
  });

  it('still produces exactly the rows asked for on a tiny terminal', () => {
    const lines = render(busyState(), { columns: 20, rows: 5 }).split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(visibleLength(line)).toBeLessThanOrEqual(20);
  });
});

describe('breakerText', () => {
  it('groups breakers by state, open ones first, without the -service suffix', () => {
    expect(
      breakerText([
        { name: 'inventory-service', state: 'closed' },
        { name: 'payment-provider', state: 'open' },
        { name: 'carrier', state: 'half-open' },
        { name: 'shipping-service', state: 'closed' },
      ]),
    ).toBe('OPEN: payment-provider  half-open: carrier  closed: inventory shipping');
    expect(breakerText([])).toBe('-');
  });
});

describe('sparkline and fit', () => {
  it('scales bars to the largest value and leaves zero blank', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe(' ▁▂▄█');
    expect(sparkline([0, 0])).toBe('  ');
  });

  it('pads short text and marks cut text', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abcdef', 4)).toBe('abc~');
  });
});
