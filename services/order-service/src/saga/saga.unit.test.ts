import { sampleCustomer } from '@kot/events/src/testing/samples';
import { ConflictError } from '@kot/service-kit';
import type { ObservedEvent, OrderStreamEvent, Timed } from './order.events';
import type { SagaCommand } from './saga.commands';
import { at, sagaEvents, sagaSpec, T0, testPolicy } from '../testing/saga-spec';
import { pendingWork } from './saga.policy';

const ORDER = '0b9f4a52-3c1e-4f7a-9d2b-6a8c5e1f0d34';
const policy = testPolicy;
const { saga, items, stateOf } = sagaSpec(ORDER);
const e = sagaEvents(ORDER);

const placedAndReserved: OrderStreamEvent[] = [e.placed, e.reservationRequested(), e.reserved];
const paidFor: OrderStreamEvent[] = [...placedAndReserved, e.authorized, e.confirmationRequested(), e.stockKept];
const confirmedOrder: OrderStreamEvent[] = [...paidFor, e.shipmentRequested(), e.scheduled, e.confirmed];
const observe = (event: Timed<ObservedEvent>, now = T0): SagaCommand => ({ type: 'Observe', event, now });

describe('order saga: forward path', () => {
  it('placing an order records it and asks inventory to reserve every line', () => {
    saga
      .given([])
      .when({ type: 'PlaceOrder', orderId: ORDER, customer: sampleCustomer(), items, currency: 'USD', now: T0 })
      .then([e.placed, e.reservationRequested()]);
  });

  it('a reservation moves the order to payment, which this service owes next', () => {
    saga.given([e.placed, e.reservationRequested()]).when(observe(e.reserved)).then([]);
    const state = stateOf([e.placed, e.reservationRequested(), e.reserved]);
    expect(state.status).toBe('PAYING');
    expect(pendingWork(state, policy)?.action).toBe('AUTHORIZE_PAYMENT');
  });

  it('an authorized payment asks inventory to keep the stock for good; only kept stock requests the shipment', () => {
    const paid = saga
      .given(placedAndReserved)
      .when({ type: 'RecordPaymentAuthorized', paymentId: 'pay-1', now: T0 })
      .then([e.authorized, e.confirmationRequested()]);
    expect([paid.status, paid.inventory, paid.waiting?.for]).toEqual([
      'SCHEDULING',
      'CONFIRM_REQUESTED',
      'STOCK_CONFIRMATION',
    ]);
    saga
      .given([...placedAndReserved, e.authorized, e.confirmationRequested()])
      .when(observe(e.stockKept))
      .then([e.shipmentRequested()]);
    expect(stateOf([...paidFor, e.shipmentRequested()])).toMatchObject({
      inventory: 'CONFIRMED',
      waiting: { for: 'SHIPMENT' },
    });
    // The answer restated (a re-request answered twice) books nothing a second time.
    saga
      .given([...paidFor, e.shipmentRequested()])
      .when(observe(e.stockKept))
      .then([]);
  });

  it('an unanswered confirmation is asked again, then the order is undone (TIMEOUT)', () => {
    const asked = [...placedAndReserved, e.authorized, e.confirmationRequested()];
    const late = T0 + policy.replyTimeoutMs;
    saga
      .given(asked)
      .when({ type: 'CheckDeadline', now: late - 1 })
      .then([]);
    saga
      .given(asked)
      .when({ type: 'CheckDeadline', now: late })
      .then([{ ...e.confirmationRequested(2), at: late }]);
    const lastTry = [...asked, e.confirmationRequested(2), e.confirmationRequested(3)];
    const [first] = saga.given(lastTry).when({ type: 'CheckDeadline', now: late }).events();
    expect(first).toMatchObject({ type: 'OrderCancellationRequested', data: { code: 'TIMEOUT' } });
  });

  it('a scheduled shipment confirms the order, and the parcel drives it to DELIVERED', () => {
    saga
      .given([...placedAndReserved, e.authorized, e.shipmentRequested()])
      .when(observe(e.scheduled))
      .then([e.confirmed]);
    saga
      .given(confirmedOrder)
      .when(observe(e.status('SHIPPED')))
      .then([e.shipped]);
    saga
      .given([...confirmedOrder, e.status('SHIPPED'), e.shipped])
      .when(observe(e.status('IN_TRANSIT')))
      .then([]);
    const delivered = saga
      .given([...confirmedOrder, e.status('SHIPPED'), e.shipped])
      .when(observe(e.status('DELIVERED', T0 + 5)))
      .then([{ type: 'OrderDelivered', data: { orderId: ORDER, deliveredAt: T0 + 5 }, at: T0 }]);
    expect(delivered.status).toBe('DELIVERED');
  });

  it('a redelivered reservation changes nothing', () => {
    saga
      .given([...placedAndReserved, e.authorized])
      .when(observe(e.reserved))
      .then([]);
  });

  it('placing the same order twice is a conflict', () => {
    saga
      .given([e.placed])
      .when({ type: 'PlaceOrder', orderId: ORDER, customer: sampleCustomer(), items, currency: 'USD', now: T0 })
      .thenThrows(ConflictError);
  });
});

describe('order saga: failures compensate', () => {
  it('out of stock cancels at once, naming the product (nothing was held)', () => {
    const rejected: Timed<ObservedEvent> = {
      type: 'InventoryReservationRejected',
      data: { orderId: ORDER, productId: 'sku-usb-c-cable', requested: 3, available: 1 },
      at: T0,
    };
    saga
      .given([e.placed, e.reservationRequested()])
      .when(observe(rejected))
      .then([
        {
          type: 'OrderCancelled',
          data: {
            orderId: ORDER,
            reason: 'OUT_OF_STOCK',
            detail: 'sku-usb-c-cable is out of stock (requested 3, available 1)',
            productId: 'sku-usb-c-cable',
          },
          at: T0,
        },
      ]);
  });

  it('a declined payment releases the stock, then cancels with PAYMENT_DECLINED', () => {
    const reason = 'PAYMENT_DECLINED: payment declined: card_declined';
    const declined = e.declined;
    saga
      .given(placedAndReserved)
      .when({ type: 'RecordPaymentDeclined', reason: 'card_declined', now: T0 })
      .then([declined, e.cancellationRequested(reason), e.releaseRequested('PAYMENT_DECLINED')]);
    saga
      .given([...placedAndReserved, declined, e.cancellationRequested(reason), e.releaseRequested('PAYMENT_DECLINED')])
      .when(observe(e.released()))
      .then([
        {
          type: 'OrderCancelled',
          data: {
            orderId: ORDER,
            reason: 'PAYMENT_DECLINED',
            detail: 'payment declined: card_declined',
            productId: null,
          },
          at: T0,
        },
      ]);
  });

  it('a failed shipment refunds, then releases, then cancels with SHIPPING_FAILED (newest step first)', () => {
    const history = [...placedAndReserved, e.authorized, e.shipmentRequested()];
    const failed: Timed<ObservedEvent> = {
      type: 'ShipmentFailed',
      data: { orderId: ORDER, reason: 'undeliverable_address' },
      at: T0,
    };
    const reason = 'SHIPPING_FAILED: undeliverable_address';
    saga
      .given(history)
      .when(observe(failed))
      .then([e.cancellationRequested(reason)]);
    expect(pendingWork(stateOf([...history, failed, e.cancellationRequested(reason)]), policy)?.action).toBe(
      'REFUND_PAYMENT',
    );
    const afterFailure = [...history, failed, e.cancellationRequested(reason)];
    saga
      .given(afterFailure)
      .when({ type: 'RecordPaymentRefunded', refundId: 'ref-1', now: T0 })
      .then([e.refunded, e.releaseRequested('SHIPPING_FAILED')]);
    saga
      .given([...afterFailure, e.refunded, e.releaseRequested('SHIPPING_FAILED')])
      .when(observe(e.released()))
      .then([
        {
          type: 'OrderCancelled',
          data: { orderId: ORDER, reason: 'SHIPPING_FAILED', detail: 'undeliverable_address', productId: null },
          at: T0,
        },
      ]);
  });
});

describe('order saga: customer cancellation', () => {
  it('before shipping: cancel the shipment, refund, release, then cancel (CUSTOMER_REQUEST)', () => {
    const reason = 'CUSTOMER_REQUEST: changed my mind';
    saga
      .given(confirmedOrder)
      .when({ type: 'CancelOrder', reason: 'changed my mind', now: T0 })
      .then([e.cancellationRequested(reason), e.shipmentCancelRequested('CUSTOMER_REQUEST')]);
    const cancelling = [
      ...confirmedOrder,
      e.cancellationRequested(reason),
      e.shipmentCancelRequested('CUSTOMER_REQUEST'),
    ];
    const shipmentCancelled: Timed<ObservedEvent> = {
      type: 'ShipmentCancelled',
      data: { orderId: ORDER, shipmentId: 'shp-1' },
      at: T0,
    };
    saga.given(cancelling).when(observe(shipmentCancelled)).then([]);
    expect(pendingWork(stateOf([...cancelling, shipmentCancelled]), policy)?.action).toBe('REFUND_PAYMENT');
    saga
      .given([...cancelling, shipmentCancelled])
      .when({ type: 'RecordPaymentRefunded', refundId: 'ref-1', now: T0 })
      .then([e.refunded, e.releaseRequested('CUSTOMER_REQUEST')]);
    const done = saga
      .given([...cancelling, shipmentCancelled, e.refunded, e.releaseRequested('CUSTOMER_REQUEST')])
      .when(observe(e.released()))
      .then([
        {
          type: 'OrderCancelled',
          data: { orderId: ORDER, reason: 'CUSTOMER_REQUEST', detail: 'changed my mind', productId: null },
          at: T0,
        },
      ]);
    expect(done.status).toBe('CANCELLED');
  });

  it('is refused once the parcel has shipped', () => {
    saga
      .given([...confirmedOrder, e.status('SHIPPED'), e.shipped])
      .when({ type: 'CancelOrder', reason: '', now: T0 })
      .thenThrows(/can be cancelled only until it is shipped/);
  });

  it('asking twice does not start a second compensation', () => {
    const reason = 'CUSTOMER_REQUEST: x';
    saga
      .given([...confirmedOrder, e.cancellationRequested(reason), e.shipmentCancelRequested('CUSTOMER_REQUEST')])
      .when({ type: 'CancelOrder', reason: 'x', now: T0 })
      .then([]);
  });

  it('when the carrier already shipped, the cancellation is withdrawn and the order carries on', () => {
    const reason = 'CUSTOMER_REQUEST: x';
    const cancelling = [
      ...confirmedOrder,
      e.cancellationRequested(reason),
      e.shipmentCancelRequested('CUSTOMER_REQUEST'),
    ];
    saga
      .given(cancelling)
      .when(observe(e.status('SHIPPED')))
      .then([]);
    const rejected = e.shipmentCancelRejected;
    const resumed = saga
      .given([...cancelling, e.status('SHIPPED')])
      .when(observe(rejected))
      .then([e.shipped]);
    expect(resumed.status).toBe('SHIPPED');
  });

  it('a cancel while the payment is due settles the payment first, refunds what it finds, then releases the stock', () => {
    const reason = 'CUSTOMER_REQUEST: x';
    const cancelling = [...placedAndReserved, e.cancellationRequested(reason)];
    saga
      .given(placedAndReserved)
      .when({ type: 'CancelOrder', reason: 'x', now: T0 })
      .then([e.cancellationRequested(reason)]);
    expect(pendingWork(stateOf(cancelling), policy)?.action).toBe('SETTLE_PAYMENT');
    saga.given(cancelling).when({ type: 'RecordPaymentAuthorized', paymentId: 'pay-1', now: T0 }).then([e.authorized]);
    expect(pendingWork(stateOf([...cancelling, e.authorized]), policy)?.action).toBe('REFUND_PAYMENT');
    saga
      .given([...cancelling, e.authorized])
      .when({ type: 'RecordPaymentRefunded', refundId: 'ref-1', now: T0 })
      .then([e.refunded, e.releaseRequested('CUSTOMER_REQUEST')]);
    saga
      .given([...cancelling, e.authorized, e.refunded, e.releaseRequested('CUSTOMER_REQUEST')])
      .when(observe(e.released()))
      .then([
        {
          type: 'OrderCancelled',
          data: { orderId: ORDER, reason: 'CUSTOMER_REQUEST', detail: 'x', productId: null },
          at: T0,
        },
      ]);
  });
});

describe('order saga: timeouts', () => {
  it('an expired stock hold before confirmation refunds and cancels with TIMEOUT (nothing left to release)', () => {
    const expired = e.released('EXPIRED');
    const reason = 'TIMEOUT: the stock reservation expired before the order was confirmed';
    saga
      .given([...placedAndReserved, e.authorized, e.shipmentRequested()])
      .when(observe(expired))
      .then([e.cancellationRequested(reason), e.shipmentCancelRequested('TIMEOUT')]);
    // While paying, an authorization may be in flight: it is settled before the order can end.
    saga
      .given(placedAndReserved)
      .when(observe(expired))
      .then([e.cancellationRequested(reason)]);
    expect(pendingWork(stateOf([...placedAndReserved, expired, e.cancellationRequested(reason)]), policy)?.action).toBe(
      'SETTLE_PAYMENT',
    );
  });

  const reserving = [e.placed, e.reservationRequested()];

  it('re-requests an unanswered step after the reply timeout, and not before', () => {
    saga
      .given(reserving)
      .when({ type: 'CheckDeadline', now: T0 + 29_999 })
      .then([]);
    saga
      .given(reserving)
      .when({ type: 'CheckDeadline', now: T0 + 30_000 })
      .then(at(T0 + 30_000, [e.reservationRequested(2)]));
  });

  it('after the last attempt compensates and cancels with TIMEOUT', () => {
    const exhausted = [...reserving, e.reservationRequested(2), e.reservationRequested(3)];
    const reason = 'TIMEOUT: inventory did not answer in time';
    saga
      .given(exhausted)
      .when({ type: 'CheckDeadline', now: T0 + 30_000 })
      .then(at(T0 + 30_000, [e.cancellationRequested(reason), e.releaseRequested('TIMEOUT')]));
    saga
      .given([...exhausted, e.cancellationRequested(reason), e.releaseRequested('TIMEOUT')])
      .when(observe(e.released()))
      .then([
        {
          type: 'OrderCancelled',
          data: { orderId: ORDER, reason: 'TIMEOUT', detail: 'inventory did not answer in time', productId: null },
          at: T0,
        },
      ]);
  });

  it('never gives up on a compensation: an unanswered release is re-sent with growing delays', () => {
    const reason = 'TIMEOUT: inventory did not answer in time';
    const waiting = [
      ...reserving,
      e.cancellationRequested(reason),
      e.releaseRequested('TIMEOUT'),
      e.releaseRequested('TIMEOUT'),
    ];
    const state = stateOf(waiting);
    expect(pendingWork(state, policy)).toEqual({ action: 'CHECK_REPLY', dueAt: T0 + 60_000 });
    saga
      .given(waiting)
      .when({ type: 'CheckDeadline', now: T0 + 60_000 })
      .then(at(T0 + 60_000, [e.releaseRequested('TIMEOUT')]));
  });
});
