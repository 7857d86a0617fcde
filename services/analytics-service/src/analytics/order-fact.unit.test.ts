import { sampleEvent, SAMPLE_PLACED_AT, SAMPLE_TOTAL_MINOR } from '@kot/events';
import { evolve, type FactChange, type LifecycleEvent, type OrderFact } from './order-fact';

const ORDER = '7f3c2a91-5b6e-4d08-9c1a-2e8f4b7d6a35';
const MINUTE = 60_000;

/** Feeds events one by one like the consumer does, carrying the fact forward. */
function run(events: Array<[LifecycleEvent, number?]>): { fact: OrderFact | null; changes: FactChange[] } {
  let fact: OrderFact | null = null;
  const changes: FactChange[] = [];
  for (const [event, occurredAt] of events) {
    const change = evolve(fact, event, occurredAt ?? 0);
    changes.push(change);
    if (change.kind !== 'unchanged') fact = change.fact;
  }
  return { fact, changes };
}

describe('an order’s analytics record', () => {
  it('follows a happy path to delivered with the exact placed → delivered duration', () => {
    const { fact, changes } = run([
      [sampleEvent('OrderPlaced', { orderId: ORDER })],
      [sampleEvent('OrderConfirmed', { orderId: ORDER })],
      [sampleEvent('OrderShipped', { orderId: ORDER })],
      [sampleEvent('OrderDelivered', { orderId: ORDER, deliveredAt: SAMPLE_PLACED_AT + 90 * MINUTE })],
    ]);
    expect(changes.map((c) => c.kind)).toEqual(['placed', 'progressed', 'progressed', 'delivered']);
    expect(fact).toEqual({
      orderId: ORDER,
      customerId: 'cus-1042',
      status: 'DELIVERED',
      currency: 'USD',
      totalMinor: SAMPLE_TOTAL_MINOR,
      placedAt: SAMPLE_PLACED_AT,
      finishedAt: SAMPLE_PLACED_AT + 90 * MINUTE,
      cancelReason: null,
      durationMs: 90 * MINUTE,
    });
  });

  it('keeps the order lines of the placed order', () => {
    const [change] = run([[sampleEvent('OrderPlaced', { orderId: ORDER })]]).changes;
    expect(change?.kind === 'placed' && change.lines.map((l) => [l.productId, l.quantity])).toEqual([
      ['sku-keyboard-mx', 1],
      ['sku-usb-c-cable', 3],
    ]);
  });

  it('times a cancellation by when it occurred (producer clock), with its reason', () => {
    const { fact } = run([
      [sampleEvent('OrderPlaced', { orderId: ORDER })],
      [sampleEvent('OrderCancelled', { orderId: ORDER, reason: 'PAYMENT_DECLINED' }), SAMPLE_PLACED_AT + 5000],
    ]);
    expect(fact).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'PAYMENT_DECLINED',
      finishedAt: SAMPLE_PLACED_AT + 5000,
      durationMs: 5000,
    });
  });

  it('leaves the duration unknown when a cancellation carries no time', () => {
    const { fact } = run([
      [sampleEvent('OrderPlaced', { orderId: ORDER })],
      [sampleEvent('OrderCancelled', { orderId: ORDER }), 0],
    ]);
    expect(fact).toMatchObject({ status: 'CANCELLED', finishedAt: null, durationMs: null });
  });

  it('ignores copies under new event ids, steps backwards and anything after the end', () => {
    const { changes, fact } = run([
      [sampleEvent('OrderPlaced', { orderId: ORDER })],
      [sampleEvent('OrderPlaced', { orderId: ORDER, totalMinor: 1 })],
      [sampleEvent('OrderShipped', { orderId: ORDER })],
      [sampleEvent('OrderConfirmed', { orderId: ORDER })],
      [sampleEvent('OrderDelivered', { orderId: ORDER })],
      [sampleEvent('OrderDelivered', { orderId: ORDER, deliveredAt: 1 })],
      [sampleEvent('OrderCancelled', { orderId: ORDER }), SAMPLE_PLACED_AT],
    ]);
    expect(changes.map((c) => (c.kind === 'unchanged' ? c.why : c.kind))).toEqual([
      'placed',
      'already-placed',
      'progressed',
      'not-forward',
      'delivered',
      'already-finished',
      'already-finished',
    ]);
    expect(fact).toMatchObject({ status: 'DELIVERED', totalMinor: SAMPLE_TOTAL_MINOR });
  });

  it('ignores lifecycle events of an order it never saw placed', () => {
    expect(evolve(null, sampleEvent('OrderDelivered', { orderId: ORDER }), 0)).toEqual({
      kind: 'unchanged',
      why: 'unknown-order',
    });
  });

  it('never reports a negative duration when clocks disagree', () => {
    const { fact } = run([
      [sampleEvent('OrderPlaced', { orderId: ORDER })],
      [sampleEvent('OrderDelivered', { orderId: ORDER, deliveredAt: SAMPLE_PLACED_AT - 10 })],
    ]);
    expect(fact?.durationMs).toBe(0);
  });
});
