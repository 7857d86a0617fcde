import { decideAfterFailure, retryDelayMs, type DeliveryPolicy } from './delivery-policy';
import { messageIdFor, orderReference } from './milestones';

const policy: DeliveryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000 };
const NOW = 1_000_000;

describe('what happens after a send fails', () => {
  it('backs off exponentially up to the ceiling', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => retryDelayMs(policy, attempts))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('reschedules a transient failure and counts the attempt', () => {
    expect(decideAfterFailure(policy, 1, { kind: 'transient', error: 'ECONNREFUSED' }, NOW)).toEqual({
      kind: 'retry',
      attempts: 2,
      nextAttemptAt: NOW + 2000,
      error: 'ECONNREFUSED',
    });
  });

  it('gives up once the attempts are used up', () => {
    expect(decideAfterFailure(policy, 3, { kind: 'transient', error: '421 busy' }, NOW)).toEqual({
      kind: 'give-up',
      attempts: 4,
      error: '421 busy',
    });
  });

  it('gives up at once on a permanent rejection', () => {
    expect(decideAfterFailure(policy, 0, { kind: 'permanent', error: '550 no such user' }, NOW)).toEqual({
      kind: 'give-up',
      attempts: 1,
      error: '550 no such user',
    });
  });

  it('does not count a send the open circuit refused without trying', () => {
    expect(
      decideAfterFailure(policy, 3, { kind: 'not-attempted', error: 'circuit open', retryAfterMs: 15_000 }, NOW),
    ).toEqual({ kind: 'retry', attempts: 3, nextAttemptAt: NOW + 15_000, error: 'circuit open' });
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
