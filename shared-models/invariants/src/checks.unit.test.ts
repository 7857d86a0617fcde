import { checkInvariants, moneySettled, stockSettled, emailsOncePerMilestone, bookingsSettled } from './checks';
import type { SystemSnapshot } from './snapshot';

const delivered = (): SystemSnapshot => ({
  orders: [
    {
      orderId: 'o1',
      status: 'DELIVERED',
      totalMinor: 500,
      lines: [{ productId: 'P1', quantity: 1 }],
      terminalEvents: 1,
      milestones: ['ORDER_RECEIVED', 'ORDER_CONFIRMED', 'ORDER_SHIPPED', 'ORDER_DELIVERED'],
    },
  ],
  payments: [{ orderId: 'o1', status: 'AUTHORIZED', amountMinor: 500, refundedMinor: 0 }],
  stock: [{ productId: 'P1', initial: 3, onHand: 2, reserved: 0 }],
  holds: [{ orderId: 'o1', status: 'COMMITTED', lines: [{ productId: 'P1', quantity: 1 }] }],
  bookings: [{ orderId: 'o1', status: 'DELIVERED' }],
  emails: (['ORDER_RECEIVED', 'ORDER_CONFIRMED', 'ORDER_SHIPPED', 'ORDER_DELIVERED'] as const).map((milestone) => ({
    orderId: 'o1',
    milestone,
  })),
  analytics: [{ orderId: 'o1', status: 'DELIVERED' }],
});

const cancelled = (s: SystemSnapshot): SystemSnapshot => ({
  ...s,
  orders: s.orders.map((o) => ({ ...o, status: 'CANCELLED', milestones: ['ORDER_RECEIVED', 'ORDER_CANCELLED'] })),
  holds: [{ orderId: 'o1', status: 'RELEASED', lines: [{ productId: 'P1', quantity: 1 }] }],
  stock: [{ productId: 'P1', initial: 3, onHand: 3, reserved: 0 }],
  bookings: [],
  emails: [
    { orderId: 'o1', milestone: 'ORDER_RECEIVED' },
    { orderId: 'o1', milestone: 'ORDER_CANCELLED' },
  ],
  analytics: [{ orderId: 'o1', status: 'CANCELLED' }],
});

describe('saga invariants', () => {
  it('a delivered order that was charged once, took its stock and got four emails passes every check', () => {
    expect(checkInvariants(delivered()).filter((v) => !v.ok)).toEqual([]);
  });

  it('a cancelled order still charged is named (the customer paid for nothing)', () => {
    const s = cancelled(delivered());
    expect(moneySettled(s).offenders).toEqual(['o1 CANCELLED: net charge 500']);
    const refunded = {
      ...s,
      payments: [{ orderId: 'o1', status: 'AUTHORIZED' as const, amountMinor: 500, refundedMinor: 500 }],
    };
    expect(checkInvariants(refunded).filter((v) => !v.ok)).toEqual([]);
  });

  it('a delivered order whose hold expired instead of being committed breaks the stock books', () => {
    const s = {
      ...delivered(),
      holds: [{ orderId: 'o1', status: 'EXPIRED', lines: [{ productId: 'P1', quantity: 1 }] }],
      stock: [{ productId: 'P1', initial: 3, onHand: 3, reserved: 0 }],
    };
    expect(stockSettled(s).offenders).toEqual(['o1 DELIVERED: stock EXPIRED']);
  });

  it('stock still on hold, or more on hold than on hand, is named per product', () => {
    const s = { ...delivered(), stock: [{ productId: 'P1', initial: 3, onHand: 2, reserved: 3 }] };
    expect(stockSettled(s).offenders).toEqual(['P1: 3 units still reserved', 'P1: available -1, on hand 2']);
  });

  it('a second copy of an email and an email for a milestone never reached are both wrong', () => {
    const s = cancelled(delivered());
    const twice = {
      ...s,
      emails: [
        ...s.emails,
        { orderId: 'o1', milestone: 'ORDER_CANCELLED' as const },
        { orderId: 'o1', milestone: 'ORDER_SHIPPED' as const },
      ],
    };
    expect(emailsOncePerMilestone(twice).offenders).toEqual([
      'o1 ORDER_CANCELLED: 2 emails',
      'o1 ORDER_SHIPPED: email for a milestone not reached',
    ]);
  });

  // Fault run, seed 7 (2026-12-03): the catcher accepted ORDER_RECEIVED at 15:53:56.431 and the
  // notification service, killed by the run right after, had not recorded it; its successor sent it again.
  it('a copy resent by a sender killed right after the server accepted the first is reported, any other fails', () => {
    const s = cancelled(delivered());
    const at = 1_000_000;
    const copies = (second: number) => ({
      ...s,
      emails: [
        { orderId: 'o1', milestone: 'ORDER_RECEIVED' as const, receivedAt: at },
        { orderId: 'o1', milestone: 'ORDER_RECEIVED' as const, receivedAt: second },
        { orderId: 'o1', milestone: 'ORDER_CANCELLED' as const, receivedAt: at },
      ],
    });
    const killed = { ...copies(at + 65_000), senderCrashes: [at + 300] };
    expect(emailsOncePerMilestone(killed)).toMatchObject({
      ok: true,
      detail: '2 milestones reached, 3 emails (1 resent by a sender killed right after the server accepted it)',
    });
    // No kill, a kill long after the first copy, or one after the second copy: a real duplicate.
    for (const senderCrashes of [[], [at + 20_000], [at + 70_000]])
      expect(emailsOncePerMilestone({ ...copies(at + 65_000), senderCrashes }).offenders).toEqual([
        'o1 ORDER_RECEIVED: 2 emails',
      ]);
  });

  it('a parcel still booked for a cancelled order is named', () => {
    const s = { ...cancelled(delivered()), bookings: [{ orderId: 'o1', status: 'SCHEDULED' }] };
    expect(bookingsSettled(s).offenders).toEqual(['o1 CANCELLED: booking still SCHEDULED']);
  });
});
