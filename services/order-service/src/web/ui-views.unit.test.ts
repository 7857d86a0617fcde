import { AppError } from '@kot/service-kit';
import { catalogueView, emailsView, shipmentView } from './ui-views';

describe("backend-for-frontend views of other services' answers", () => {
  it('turns the inventory page into products priced in major units', () => {
    const body = {
      items: [
        {
          productId: 'P-1',
          name: '<b>Mug</b>',
          priceMinor: 1250,
          currency: 'USD',
          onHand: 9,
          reserved: 2,
          available: 7,
          updatedAt: 'x',
        },
      ],
      nextCursor: null,
    };
    expect(catalogueView(body)).toEqual({
      products: [{ productId: 'P-1', name: '<b>Mug</b>', unitPrice: 12.5, currency: 'USD', available: 7 }],
    });
  });

  it('keeps only what the page shows of an email (no provider internals)', () => {
    const email = {
      id: 'n-1',
      milestone: 'PLACED',
      status: 'SENT',
      recipient: 'a@b.c',
      subject: 'Thanks',
      attempts: 1,
      sentAt: null,
      createdAt: 't',
      providerResponse: '250 OK',
    };
    expect(emailsView('o-1', { orderId: 'o-1', notifications: [email] })).toEqual({
      orderId: 'o-1',
      emails: [
        {
          id: 'n-1',
          milestone: 'PLACED',
          status: 'SENT',
          recipient: 'a@b.c',
          subject: 'Thanks',
          attempts: 1,
          sentAt: null,
          createdAt: 't',
        },
      ],
    });
  });

  it('answers 502 when another service changed its shape', () => {
    let thrown: unknown;
    try {
      shipmentView('o-1', { status: 'SHIPPED' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ status: 502, code: 'UPSTREAM_UNEXPECTED' });
  });
});
