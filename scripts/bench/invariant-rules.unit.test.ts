import { analyticsAgree, countByStatus, emailsOnce, refundsMatch, type Authorization } from './invariant-rules';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const auth = (orderId: string, amountMinor: number, refunds: number[] = [], status: Authorization['status'] = 'AUTHORIZED'): Authorization =>
  ({ orderId, status, amountMinor, refunds: refunds.map((r) => ({ amountMinor: r })) });

describe('refundsMatch', () => {
  it('accepts a delivered order that kept its charge and a cancelled one refunded in full', () => {
    const [ok] = refundsMatch([auth(A, 100), auth(B, 250, [200, 50])], new Map([[A, 'DELIVERED'], [B, 'CANCELLED']]));
    expect(ok).toBe(true);
  });

  it('flags a partial refund, a refunded delivery, a double authorization and a delivery never charged', () => {
    const statuses = new Map([[A, 'CANCELLED'], [B, 'DELIVERED']]);
    expect(refundsMatch([auth(A, 100, [60])], new Map([[A, 'CANCELLED']]))[2]).toEqual([A]);
    expect(refundsMatch([auth(B, 100, [100])], new Map([[B, 'DELIVERED']]))[2]).toEqual([B]);
    expect(refundsMatch([auth(B, 100), auth(B, 100)], new Map([[B, 'DELIVERED']]))[2]).toEqual([B]);
    expect(refundsMatch([auth(B, 100, [], 'DECLINED')], statuses)[2]).toEqual([B]);
  });
});

describe('emailsOnce', () => {
  const id = (order: string, milestone: string) => ({ messageId: `<${order}.${milestone}@notifications.example>` });

  it('counts each (order, milestone) once and reports repeats of bench orders only', () => {
    const messages = [id(A, 'order-received'), id(A, 'order-shipped'), id(A, 'order-shipped'), id(B, 'order-received'), id(B, 'order-received'), { messageId: 'other' }];
    const [ok, detail, offenders] = emailsOnce(messages, new Set([A]));
    expect(ok).toBe(false);
    expect(detail).toBe('2 (order, milestone) emails');
    expect(offenders).toEqual([`<${A}.order-shipped@notifications.example>`]);
  });
});

describe('analyticsAgree', () => {
  it('needs every order in analytics with the same status', () => {
    expect(analyticsAgree(new Map([[A, 'DELIVERED']]), new Map([[A, 'DELIVERED']]))[0]).toBe(true);
    expect(analyticsAgree(new Map([[A, 'DELIVERED'], [B, 'CANCELLED']]), new Map([[A, 'CANCELLED']]))[2]).toEqual([A, B]);
  });

  it('counts statuses', () => {
    expect(countByStatus(new Map([[A, 'DELIVERED'], [B, 'DELIVERED'], ['c', 'CANCELLED']]))).toEqual({ DELIVERED: 2, CANCELLED: 1 });
  });
});
