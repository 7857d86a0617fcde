import { sampleEvent, SAMPLE_PLACED_AT, SAMPLE_TOTAL_MINOR, type DataOf } from '@kot/events';
import { foldEvents } from '@kot/service-kit';
import {
  changeOf,
  evolve,
  initialState,
  orderFactProjection,
  recorded,
  type FactChange,
  type RecordedLifecycleEvent,
} from './order-fact';

const ORDER = '7f3c2a91-5b6e-4d08-9c1a-2e8f4b7d6a35';
const MINUTE = 60_000;

const placed = (data: Partial<DataOf<'OrderPlaced'>> = {}) =>
  recorded(sampleEvent('OrderPlaced', { orderId: ORDER, ...data }), 0);
const confirmed = () => recorded(sampleEvent('OrderConfirmed', { orderId: ORDER }), 0);
const shipped = () => recorded(sampleEvent('OrderShipped', { orderId: ORDER }), 0);
const delivered = (deliveredAt?: number) =>
  recorded(sampleEvent('OrderDelivered', { orderId: ORDER, ...(deliveredAt === undefined ? {} : { deliveredAt }) }), 0);
const cancelled = (occurredAt: number, data: Partial<DataOf<'OrderCancelled'>> = {}) =>
  recorded(sampleEvent('OrderCancelled', { orderId: ORDER, ...data }), occurredAt);

/** Given these events, the record they leave. */
const stateAfter = (events: RecordedLifecycleEvent[]) => foldEvents(orderFactProjection, events);

/** What each event changed, folded one by one as the consumer does (it writes these as rows). */
function changesOf(events: RecordedLifecycleEvent[]): FactChange[] {
  let state = initialState();
  return events.map((event) => {
    const change = changeOf(state, event);
    state = evolve(state, event);
    return change;
  });
}

describe('an order’s analytics record', () => {
  it('follows a happy path to delivered with the exact placed → delivered duration', () => {
    const history = [placed(), confirmed(), shipped(), delivered(SAMPLE_PLACED_AT + 90 * MINUTE)];
    expect(changesOf(history).map((c) => c.kind)).toEqual(['placed', 'progressed', 'progressed', 'delivered']);
    expect(stateAfter(history)).toEqual({
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
    const change = changeOf(initialState(), placed());
    expect(change.kind === 'placed' && change.lines.map((l) => [l.productId, l.quantity])).toEqual([
      ['sku-keyboard-mx', 1],
      ['sku-usb-c-cable', 3],
    ]);
  });

  it('times a cancellation by when it occurred (producer clock), with its reason', () => {
    expect(stateAfter([placed(), cancelled(SAMPLE_PLACED_AT + 5000, { reason: 'PAYMENT_DECLINED' })])).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'PAYMENT_DECLINED',
      finishedAt: SAMPLE_PLACED_AT + 5000,
      durationMs: 5000,
    });
  });

  it('leaves the duration unknown when a cancellation carries no time', () => {
    expect(stateAfter([placed(), cancelled(0)])).toMatchObject({
      status: 'CANCELLED',
      finishedAt: null,
      durationMs: null,
    });
  });

  it('ignores copies under new event ids, steps backwards and anything after the end', () => {
    const history = [
      placed(),
      placed({ totalMinor: 1 }),
      shipped(),
      confirmed(),
      delivered(),
      delivered(1),
      cancelled(SAMPLE_PLACED_AT),
    ];
    expect(changesOf(history).map((c) => (c.kind === 'unchanged' ? c.why : c.kind))).toEqual([
      'placed',
      'already-placed',
      'progressed',
      'not-forward',
      'delivered',
      'already-finished',
      'already-finished',
    ]);
    expect(stateAfter(history)).toMatchObject({ status: 'DELIVERED', totalMinor: SAMPLE_TOTAL_MINOR });
  });

  it('ignores lifecycle events of an order it never saw placed', () => {
    expect(changeOf(initialState(), delivered())).toEqual({ kind: 'unchanged', why: 'unknown-order' });
    expect(stateAfter([delivered(), cancelled(SAMPLE_PLACED_AT)])).toBeNull();
  });

  it('never reports a negative duration when clocks disagree', () => {
    expect(stateAfter([placed(), delivered(SAMPLE_PLACED_AT - 10)])?.durationMs).toBe(0);
  });
});
