import { ConflictError, NotFoundError, type Decider } from '@kot/service-kit';
import { timed, type DecidedEvent, type OrderStreamEvent, type Timed } from './order.events';
import { evolve } from './order.evolve';
import { awaitsParcel, initialState, type OrderState } from './order.state';
import { stepsOf, type Steps } from './order.steps';
import type { SagaCommand } from './saga.commands';
import { replyDeadline, type SagaPolicy } from './saga.policy';
import { observe } from './saga.replies';
import {
  beginCompensation,
  confirmationRequest,
  nextCompensation,
  releaseRequest,
  reservationRequest,
  shipmentCancellation,
  shipmentRequest,
} from './saga.requests';

/** The order saga as a decider; decide can only emit the saga's own events, stamped with the command's time. */
export interface OrderDecider extends Decider<SagaCommand, OrderState, OrderStreamEvent> {
  decide(command: SagaCommand, state: OrderState): Timed<DecidedEvent>[];
}

/**
 * The decider of one order: the policy (timeouts, re-request limits) enters here, the order's id through
 * its initial state. It never performs I/O; the runner loads the state, decides, and appends the result
 * with the outbox in one transaction.
 */
export function orderDecider(policy: SagaPolicy, orderId: string): OrderDecider {
  return {
    decide: (command, state) => decide(command, state, policy).map((event) => timed(event, command.now)),
    evolve,
    initialState: () => initialState(orderId),
  };
}

function decide(command: SagaCommand, state: OrderState, policy: SagaPolicy): DecidedEvent[] {
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(state, command);
    case 'CancelOrder':
      return cancelOrder(state, command.reason);
    case 'Observe':
      return observe(state, command.event, command.now);
    case 'RecordPaymentAuthorized':
      return paymentAuthorized(state, command.paymentId);
    case 'RecordPaymentDeclined':
      return paymentDeclined(state, command.reason);
    case 'RecordPaymentRefunded':
      return paymentRefunded(state, command.refundId);
    case 'CheckDeadline':
      return checkDeadline(state, command.now, policy);
    default: {
      const exhaustive: never = command;
      return exhaustive;
    }
  }
}

function placeOrder(state: OrderState, c: Extract<SagaCommand, { type: 'PlaceOrder' }>): DecidedEvent[] {
  if (state.status !== 'NEW') throw new ConflictError(`order ${c.orderId} already exists`, { code: 'ORDER_EXISTS' });
  const totalMinor = c.items.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
  const { orderId, customer, items, currency } = c;
  const stock = items.map(({ productId, quantity }) => ({ productId, quantity }));
  return [
    { type: 'OrderPlaced', data: { orderId, customer, items, totalMinor, currency, placedAt: c.now } },
    { type: 'InventoryReservationRequested', data: { orderId, items: stock, attempt: 1 } },
  ];
}

const CANCELLABLE = ['RESERVING', 'PAYING', 'SCHEDULING', 'CONFIRMED'];

function cancelOrder(state: OrderState, reason: string): DecidedEvent[] {
  if (state.status === 'NEW')
    throw new NotFoundError(`order ${state.orderId} does not exist`, { code: 'ORDER_NOT_FOUND' });
  if (state.status === 'COMPENSATING' && state.cancellation?.reason === 'CUSTOMER_REQUEST') return [];
  if (!CANCELLABLE.includes(state.status)) {
    throw new ConflictError(`order ${state.orderId} is ${state.status}; it can be cancelled only until it is shipped`, {
      code: 'ORDER_NOT_CANCELLABLE',
    });
  }
  return beginCompensation(state, stepsOf(state), {
    reason: 'CUSTOMER_REQUEST',
    detail: reason || "cancelled at the customer's request",
    productId: null,
  });
}

/** A payment result counts while the saga waits for one: due (NONE) or to be settled after a cancellation. */
const awaitsPaymentResult = (state: OrderState): boolean =>
  state.payment.step === 'NONE' || state.payment.step === 'UNSETTLED';

/** What the order holds once the payment provider's answer is recorded. */
const paid = (state: OrderState, payment: Steps['payment']): Steps => ({ ...stepsOf(state), payment });

/**
 * A result may land late, after a cancellation: it is recorded either way, and money taken for an order
 * that will not go ahead is refunded (by the compensation, or, on an order already cancelled by older
 * code, by the refund the saga table then owes).
 */
function paymentAuthorized(state: OrderState, paymentId: string): DecidedEvent[] {
  if (!awaitsPaymentResult(state)) return [];
  const { orderId, totalMinor: amountMinor, currency } = state;
  const authorized: DecidedEvent = { type: 'PaymentAuthorized', data: { orderId, paymentId, amountMinor, currency } };
  if (state.status === 'COMPENSATING')
    return [authorized, ...nextCompensation(orderId, paid(state, 'AUTHORIZED'), state.cancellation)];
  if (state.status === 'PAYING') return [authorized, confirmationRequest(state, 1)];
  return [authorized];
}

/** Only a decline of a payment the order still waits for starts a compensation; a late one is just recorded. */
function paymentDeclined(state: OrderState, reason: string): DecidedEvent[] {
  if (!awaitsPaymentResult(state)) return [];
  const { orderId, totalMinor: amountMinor, currency } = state;
  const declined: DecidedEvent = { type: 'PaymentDeclined', data: { orderId, amountMinor, currency, reason } };
  const held = paid(state, 'DECLINED');
  if (state.status === 'COMPENSATING') return [declined, ...nextCompensation(orderId, held, state.cancellation)];
  if (state.status !== 'PAYING') return [declined];
  const c = { reason: 'PAYMENT_DECLINED' as const, detail: `payment declined: ${reason}`, productId: null };
  return [declined, ...beginCompensation(state, held, c)];
}

function paymentRefunded(state: OrderState, refundId: string): DecidedEvent[] {
  const { orderId, totalMinor: amountMinor, currency, payment } = state;
  if (payment.step !== 'AUTHORIZED' || !payment.paymentId) return [];
  const refunded: DecidedEvent = {
    type: 'PaymentRefunded',
    data: { orderId, paymentId: payment.paymentId, refundId, amountMinor, currency },
  };
  if (state.status !== 'COMPENSATING') return [refunded];
  return [refunded, ...nextCompensation(orderId, paid(state, 'REFUNDED'), state.cancellation)];
}

/** An unanswered request past its deadline: asked again, or (forward steps, after the last attempt) given up. */
function checkDeadline(state: OrderState, now: number, policy: SagaPolicy): DecidedEvent[] {
  const { waiting, orderId } = state;
  const deadline = replyDeadline(state, policy);
  if (!waiting || deadline === null || now < deadline) return [];
  const timedOut = (detail: string) =>
    beginCompensation(state, stepsOf(state), { reason: 'TIMEOUT', detail, productId: null });
  const again = waiting.attempts < policy.maxAttempts;
  switch (waiting.for) {
    case 'RESERVATION':
      if (state.status !== 'RESERVING') return [];
      return again ? [reservationRequest(state, waiting.attempts + 1)] : timedOut('inventory did not answer in time');
    case 'STOCK_CONFIRMATION':
      if (state.status !== 'SCHEDULING') return [];
      return again
        ? [confirmationRequest(state, waiting.attempts + 1)]
        : timedOut('inventory did not keep the stock in time');
    case 'SHIPMENT':
      if (state.status !== 'SCHEDULING') return [];
      return again ? [shipmentRequest(state, waiting.attempts + 1)] : timedOut('shipping did not answer in time');
    case 'SHIPMENT_CANCELLATION':
      return [shipmentCancellation(orderId, state.cancellation?.reason ?? 'CANCELLED')];
    case 'RELEASE':
      return [releaseRequest(orderId, state.cancellation?.reason ?? 'CANCELLED')];
    case 'DELIVERY':
      // No news of the parcel: ask shipping again; it answers with the shipment and its latest status.
      return awaitsParcel(state) ? [shipmentRequest(state, waiting.attempts + 1)] : [];
  }
}
