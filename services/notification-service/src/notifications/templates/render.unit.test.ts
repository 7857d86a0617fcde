import { sampleEvent } from '@kot/events';
import { noticeFor, snapshotOf, type MilestoneNotice, type OrderSnapshot } from '../milestones';
import { escapeHtml, renderEmail } from './render';

const ORDER_ID = '7f3c2a91-5b6e-4d08-9c1a-2e8f4b7d6a35';
const order: OrderSnapshot = snapshotOf(sampleEvent('OrderPlaced', { orderId: ORDER_ID }).data);

describe('email templates', () => {
  it('gives each milestone a subject a customer understands, with a short order reference', () => {
    const subjects = (
      ['OrderPlaced', 'OrderConfirmed', 'OrderShipped', 'OrderDelivered', 'OrderCancelled'] as const
    ).map((type) => renderEmail(order, noticeFor(sampleEvent(type, { orderId: ORDER_ID }))).subject);
    expect(subjects).toEqual([
      "We've received your order #7F3C2A91",
      'Your order #7F3C2A91 is confirmed',
      'Your order #7F3C2A91 is on its way',
      'Your order #7F3C2A91 has been delivered',
      'Your order #7F3C2A91 has been cancelled',
    ]);
  });

  it('lists the items with formatted prices and the total in both bodies', () => {
    const email = renderEmail(order, { milestone: 'ORDER_RECEIVED' });
    expect(email.text).toContain('Hi Ada,');
    expect(email.text).toContain('1 × sku-keyboard-mx at $129.99 = $129.99');
    expect(email.text).toContain('3 × sku-usb-c-cable at $12.99 = $38.97');
    expect(email.text).toContain('Total: $168.96');
    expect(email.text).toContain('Placed on: March 14, 2025 at 9:30 AM UTC');
    expect(email.html).toContain('<strong>$168.96</strong>');
    expect(email.html).toContain(`<strong>${ORDER_ID}</strong>`);
  });

  it('formats money by the currency of the order', () => {
    const yen = {
      ...order,
      currency: 'JPY',
      totalMinor: 123_456,
      items: [{ productId: 'sku-tea', quantity: 2, unitPriceMinor: 61_728 }],
    };
    expect(renderEmail(yen, { milestone: 'ORDER_CONFIRMED' }).text).toContain('2 × sku-tea at ¥61,728 = ¥123,456');
    const euro = { ...order, currency: 'EUR', totalMinor: 100_000_050 };
    expect(renderEmail(euro, { milestone: 'ORDER_CONFIRMED' }).text).toContain('Order total: €1,000,000.50');
  });

  it('puts carrier and tracking number in the shipped email', () => {
    const email = renderEmail(order, {
      milestone: 'ORDER_SHIPPED',
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    });
    expect(email.text).toContain('Carrier: UPS');
    expect(email.text).toContain('Tracking number: 1Z999AA10123456784');
    expect(email.html).toContain('<strong>1Z999AA10123456784</strong>');
  });

  it('says when the parcel was delivered', () => {
    const email = renderEmail(order, { milestone: 'ORDER_DELIVERED', deliveredAt: Date.UTC(2025, 2, 17, 7, 5) });
    expect(email.text).toContain('Your parcel was delivered on March 17, 2025 at 7:05 AM UTC.');
  });

  it('escapes every outside value in the HTML but keeps the text body literal', () => {
    const hostile = {
      ...order,
      firstName: '<script>alert("x")</script>',
      items: [{ productId: 'sku-<b>&', quantity: 1, unitPriceMinor: 100 }],
    };
    const notice: MilestoneNotice = {
      milestone: 'ORDER_SHIPPED',
      carrier: 'Carrier <img src=x onerror=alert(1)>',
      trackingNumber: 'TRK\'1"',
    };
    const shipped = renderEmail(hostile, notice);
    expect(shipped.html).not.toMatch(/<script|<img/);
    expect(shipped.html).toContain('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;,');
    expect(shipped.html).toContain('TRK&#39;1&quot;');
    expect(shipped.text).toContain('Hi <script>alert("x")</script>,');
    const received = renderEmail(hostile, { milestone: 'ORDER_RECEIVED' });
    expect(received.html).toContain('sku-&lt;b&gt;&amp;');
    expect(received.html).not.toContain('sku-<b>');
  });

  it('is deterministic, so a resend carries byte-identical bodies', () => {
    const notice = noticeFor(sampleEvent('OrderCancelled', { orderId: ORDER_ID }));
    expect(renderEmail(order, notice)).toEqual(renderEmail(order, notice));
  });

  it('escapes all five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });
});
