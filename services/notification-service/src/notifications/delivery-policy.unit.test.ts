import { retryDelayMs, type DeliveryPolicy } from './delivery-policy';
import { messageIdFor, orderReference } from './milestones';

// What a failure leads to is the notification decider's (notification.unit.test.ts); here the wait itself.
const policy: DeliveryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000 };

describe('the wait before a retry', () => {
  it('backs off exponentially up to the ceiling', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => retryDelayMs(policy, attempts))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});

describe('identifiers shown to people and mail systems', () => {
  it('derives one Message-ID per order and milestone', () => {
    const id = messageIdFor('7f3c2a91-5b6e-4d08-9c1a-2e8f4b7d6a35', 'ORDER_SHIPPED', 'mail.example.test');
    expect(id).toBe('<7f3c2a91-5b6e-4d08-9c1a-2e8f4b7d6a35.order-shipped@mail.example.test>');
    expect(messageIdFor('7f3c2a91-5b6e-4d08-9c1a-2e8f4b7d6a35', 'ORDER_SHIPPED', 'mail.example.test')).toBe(id);
  });

  it('shortens the order id to a readable reference', () => {
    expect(orderReference('7f3c2a91-5b6e-4d08-9c1a-2e8f4b7d6a35')).toBe('#7F3C2A91');
  });
});
