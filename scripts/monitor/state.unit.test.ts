import {
  addEvent,
  FEED_CAPACITY,
  handleInput,
  initialState,
  rateSeries,
  splitKeys,
  visibleEvents,
  type FeedEvent,
  type MonitorState,
} from './state';

const T0 = Date.parse('2026-01-01T10:00:00Z');
const ORDER_A = '11111111-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const ORDER_B = '22222222-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

function event(orderId: string, type: string): FeedEvent {
  return { at: T0, orderId, type, service: 'order-service', correlationId: 'corr-1' };
}

function withEvents(...events: FeedEvent[]): MonitorState {
  return events.reduce((s, e) => addEvent(s, e, T0), initialState('orders.events', ['order'], T0));
}

describe('the feed', () => {
  it('lists the newest first and keeps at most FEED_CAPACITY events', () => {
    let state = withEvents(event(ORDER_A, 'OrderPlaced'), event(ORDER_A, 'InventoryReservationRequested'));
    expect(visibleEvents(state).map((e) => e.type)).toEqual(['InventoryReservationRequested', 'OrderPlaced']);
    for (let i = 0; i < FEED_CAPACITY + 5; i += 1) state = addEvent(state, event(ORDER_B, 'ShipmentStatusChanged'), T0);
    expect(state.events).toHaveLength(FEED_CAPACITY);
    expect(state.totalEvents).toBe(FEED_CAPACITY + 7);
  });

  it('p freezes the feed while counting goes on, and p again shows the live feed', () => {
    let state = handleInput(withEvents(event(ORDER_A, 'OrderPlaced')), 'p').state;
    state = addEvent(state, event(ORDER_B, 'OrderPlaced'), T0);
    expect(visibleEvents(state).map((e) => e.orderId)).toEqual([ORDER_A]);
    expect(state.totalEvents).toBe(2);
    state = handleInput(state, 'p').state;
    expect(visibleEvents(state).map((e) => e.orderId)).toEqual([ORDER_B, ORDER_A]);
  });

  it('/ then an order id and enter shows only that order; escape clears it', () => {
    const state = withEvents(
      event(ORDER_A, 'OrderPlaced'),
      event(ORDER_B, 'OrderPlaced'),
      event(ORDER_A, 'OrderConfirmed'),
    );
    const filtered = handleInput(state, `/${ORDER_B.toUpperCase()}\r`);
    expect(filtered.quit).toBe(false);
    expect(filtered.state.filter).toBe(ORDER_B.toUpperCase());
    expect(visibleEvents(filtered.state).map((e) => e.orderId)).toEqual([ORDER_B]);
    expect(visibleEvents(handleInput(filtered.state, '\x1b').state)).toHaveLength(3);
  });

  it('while typing a filter q is text, backspace deletes, escape abandons the prompt', () => {
    let state = handleInput(withEvents(), '/1q2').state;
    expect(state.editing).toBe('1q2');
    state = handleInput(state, '\x7f\x7f').state;
    expect(state.editing).toBe('1');
    state = handleInput(state, '\x1b').state;
    expect(state).toMatchObject({ editing: null, filter: '' });
  });
});

describe('keys', () => {
  it('q and Ctrl-C quit, Ctrl-C even inside the filter prompt', () => {
    expect(handleInput(withEvents(), 'q').quit).toBe(true);
    expect(handleInput(withEvents(), '\x03').quit).toBe(true);
    expect(handleInput(handleInput(withEvents(), '/ab').state, '\x03').quit).toBe(true);
    expect(handleInput(withEvents(), 'x').quit).toBe(false);
  });

  it('keeps arrow-key sequences whole so they never type into the filter', () => {
    expect(splitKeys('a\x1b[Ab\x1b')).toEqual(['a', '\x1b[A', 'b', '\x1b']);
    expect(handleInput(withEvents(), '/ab\x1b[D').state.editing).toBe('ab');
  });
});

describe('rateSeries', () => {
  it('counts events per whole second before now, oldest first, with gaps as zero', () => {
    let state = initialState('t', [], T0 + 5_500);
    for (const at of [T0 + 1_100, T0 + 1_900, T0 + 3_000, T0 + 5_200]) state = addEvent(state, event(ORDER_A, 'X'), at);
    // Seconds T0+1 .. T0+4 (T0+5 is still filling).
    expect(rateSeries(state, 4)).toEqual([2, 0, 1, 0]);
  });
});
