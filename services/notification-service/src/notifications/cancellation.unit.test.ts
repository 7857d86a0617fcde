import { sampleEvent, sampleOrderLines } from '@kot/events';
import { explainCancellation } from './cancellation';
import { snapshotOf } from './milestones';
import { renderEmail } from './templates/render';

const items = sampleOrderLines();

describe('cancellation reasons in words', () => {
  it('names the product that ran out and how many were ordered', () => {
    const text = explainCancellation(
      'OUT_OF_STOCK',
      'sku-usb-c-cable is out of stock (requested 3, available 1)',
      'sku-usb-c-cable',
      items,
    );
    expect(text.label).toBe('Out of stock: sku-usb-c-cable');
    expect(text.explanation).toBe(
      'Unfortunately sku-usb-c-cable is out of stock (you ordered 3), so we could not fulfil your order.',
    );
    expect(text.money).toBe('You have not been charged.');
  });

  it('copes with an out-of-stock product it cannot name', () => {
    expect(explainCancellation('OUT_OF_STOCK', '', null, items).explanation).toContain(
      'one of the items you ordered is out of stock',
    );
  });

  it('explains a declined payment without blaming the shop or showing provider codes', () => {
    const text = explainCancellation('PAYMENT_DECLINED', 'payment declined: card_declined', null, items);
    expect(text.label).toBe('Payment declined');
    expect(text.explanation).toContain('Your payment was declined');
    expect(`${text.explanation} ${text.money}`).not.toContain('card_declined');
  });

  it('says shipping failed and that the money was refunded', () => {
    const text = explainCancellation('SHIPPING_FAILED', 'undeliverable_address', null, items);
    expect(text.explanation).toContain('could not arrange delivery');
    expect(text.money).toContain('refunded in full');
  });

  it('quotes the customer’s own reason, but not the placeholder used when they gave none', () => {
    expect(explainCancellation('CUSTOMER_REQUEST', 'ordered the wrong size', null, items).explanation).toBe(
      'We have cancelled your order as you asked. Your note: “ordered the wrong size”.',
    );
    expect(
      explainCancellation('CUSTOMER_REQUEST', "cancelled at the customer's request", null, items).explanation,
    ).toBe('We have cancelled your order as you asked.');
  });

  it('explains a timeout without the operator detail', () => {
    const text = explainCancellation('TIMEOUT', 'inventory did not answer in time', null, items);
    expect(text.label).toBe('Could not be completed in time');
    expect(text.explanation).not.toContain('inventory');
  });

  it('escapes the customer’s note in the HTML body', () => {
    const order = snapshotOf(sampleEvent('OrderPlaced', { orderId: '7f3c2a91-5b6e-4d08-9c1a-2e8f4b7d6a35' }).data);
    const email = renderEmail(order, {
      milestone: 'ORDER_CANCELLED',
      reason: 'CUSTOMER_REQUEST',
      detail: '<b>too slow</b>',
      productId: null,
    });
    expect(email.html).toContain('Your note: “&lt;b&gt;too slow&lt;/b&gt;”.');
    expect(email.text).toContain('Your note: “<b>too slow</b>”.');
  });
});
