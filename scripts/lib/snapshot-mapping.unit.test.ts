// The mapping from the real system's rows and JSON to the SystemSnapshot the shared invariants judge:
// each source on fixed inputs shaped as pg and the simulators return them (bigints and sums as text).
import { checkInvariants } from '@kot/invariants';
import { MISSING, parseMessageId, toEmails, toHolds, toOrders, toPayments, toStock } from './snapshot-mapping';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const LOST = '33333333-3333-4333-8333-333333333333';

describe('toOrders', () => {
  const rows = [
    {
      order_id: A,
      status: 'DELIVERED',
      total_minor: '3998',
      state: { items: [{ productId: 'P1', quantity: 2, unitPriceMinor: 1999 }] },
    },
    { order_id: B, status: 'CANCELLED', total_minor: '500', state: null },
  ];
  const events = [
    { stream_id: A, type: 'OrderPlaced', n: 1 },
    { stream_id: A, type: 'OrderDelivered', n: 1 },
    { stream_id: A, type: 'OrderConfirmed', n: 2 },
    { stream_id: B, type: 'OrderPlaced', n: 1 },
    { stream_id: B, type: 'OrderCancelled', n: 1 },
    { stream_id: B, type: 'OrderDelivered', n: '1' },
  ];

  it('takes status, total and lines from the row, terminal count and milestones from the stream, in the order asked', () => {
    const [a, b] = toOrders([A, B], rows, events);
    expect(a).toEqual({
      orderId: A,
      status: 'DELIVERED',
      totalMinor: 3998,
      lines: [{ productId: 'P1', quantity: 2 }],
      terminalEvents: 1,
      milestones: ['ORDER_RECEIVED', 'ORDER_DELIVERED', 'ORDER_CONFIRMED'],
    });
    expect(b).toMatchObject({
      orderId: B,
      lines: [],
      terminalEvents: 2,
      milestones: ['ORDER_RECEIVED', 'ORDER_CANCELLED', 'ORDER_DELIVERED'],
    });
  });

  it('gives an accepted order the order service does not know the status MISSING, which no check accepts as terminal', () => {
    const [lost] = toOrders([LOST], rows, events);
    expect(lost).toEqual({
      orderId: LOST,
      status: MISSING,
      totalMinor: 0,
      lines: [],
      terminalEvents: 0,
      milestones: [],
    });
  });
});

describe('toPayments', () => {
  it('keeps the orders under test and sums each authorization’s refunds', () => {
    const json = [
      {
        orderId: A,
        status: 'AUTHORIZED' as const,
        amountMinor: 500,
        refunds: [{ amountMinor: 200 }, { amountMinor: 300 }],
      },
      { orderId: B, status: 'DECLINED' as const, amountMinor: 700, refunds: [] },
      { orderId: LOST, status: 'AUTHORIZED' as const, amountMinor: 1, refunds: [] },
    ];
    expect(toPayments(new Set([A, B]), json)).toEqual([
      { orderId: A, status: 'AUTHORIZED', amountMinor: 500, refundedMinor: 500 },
      { orderId: B, status: 'DECLINED', amountMinor: 700, refundedMinor: 0 },
    ]);
  });
});

describe('toStock and toHolds', () => {
  it('starts each product from its restocks less what orders outside the snapshot committed', () => {
    expect(
      toStock([{ product_id: 'P1', on_hand: 8, reserved: 0, restocked: '20', committed_elsewhere: '10' }]),
    ).toEqual([{ productId: 'P1', initial: 10, onHand: 8, reserved: 0 }]);
  });

  it('groups reservation lines by order, a reservation without lines keeping none', () => {
    const rows = [
      { order_id: A, status: 'COMMITTED', product_id: 'P1', quantity: 2 },
      { order_id: A, status: 'COMMITTED', product_id: 'P2', quantity: '1' },
      { order_id: B, status: 'REJECTED', product_id: null, quantity: null },
    ];
    expect(toHolds(rows)).toEqual([
      {
        orderId: A,
        status: 'COMMITTED',
        lines: [
          { productId: 'P1', quantity: 2 },
          { productId: 'P2', quantity: 1 },
        ],
      },
      { orderId: B, status: 'REJECTED', lines: [] },
    ]);
  });
});

describe('emails', () => {
  it('reads (order, milestone) from the notification service’s Message-ID and nothing from a foreign one', () => {
    expect(parseMessageId(`<${A}.order-shipped@notifications.kafkaordertracking.local>`)).toEqual({
      orderId: A,
      milestone: 'ORDER_SHIPPED',
    });
    expect(parseMessageId(`<${A}.newsletter@x.example>`)).toBeNull();
    expect(parseMessageId('<random@mail.example>')).toBeNull();
  });

  it('takes the parsed id or the raw header, keeps repeats, and drops orders not under test', () => {
    const messages = [
      { messageId: `<${A}.order-received@d>` },
      { headers: { 'message-id': `<${A}.order-received@d>` } },
      { messageId: null, headers: { 'message-id': `<${B}.order-cancelled@d>` } },
      { messageId: `<${LOST}.order-received@d>` },
      {},
    ];
    expect(toEmails(new Set([A, B]), messages)).toEqual([
      { orderId: A, milestone: 'ORDER_RECEIVED' },
      { orderId: A, milestone: 'ORDER_RECEIVED' },
      { orderId: B, milestone: 'ORDER_CANCELLED' },
    ]);
  });
});

describe('a mapped snapshot', () => {
  it('of one delivered order that settled everything passes every invariant', () => {
    const rows = [
      { order_id: A, status: 'DELIVERED', total_minor: '3998', state: { items: [{ productId: 'P1', quantity: 2 }] } },
    ];
    const types = ['OrderPlaced', 'OrderConfirmed', 'OrderShipped', 'OrderDelivered'];
    const orders = toOrders(
      [A],
      rows,
      types.map((type) => ({ stream_id: A, type, n: 1 })),
    );
    const verdicts = checkInvariants({
      orders,
      payments: toPayments(new Set([A]), [{ orderId: A, status: 'AUTHORIZED', amountMinor: 3998, refunds: [] }]),
      stock: toStock([{ product_id: 'P1', on_hand: 8, reserved: 0, restocked: '10', committed_elsewhere: '0' }]),
      holds: toHolds([{ order_id: A, status: 'COMMITTED', product_id: 'P1', quantity: 2 }]),
      bookings: [{ orderId: A, status: 'DELIVERED' }],
      emails: toEmails(
        new Set([A]),
        ['order-received', 'order-confirmed', 'order-shipped', 'order-delivered'].map((m) => ({
          messageId: `<${A}.${m}@d>`,
        })),
      ),
      analytics: [{ orderId: A, status: 'DELIVERED' }],
    });
    expect(verdicts.filter((v) => !v.ok)).toEqual([]);
  });
});
