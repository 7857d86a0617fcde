import type { Customer, OrderLine } from '@kot/events';
import type { ObservedEvent } from './order.events';

/**
 * Everything that can move an order's saga. Events from other services arrive as `Observe`; the payment
 * provider's answers, got by the saga scheduler, as `Record...`. `now` is the time the events decided
 * on it carry.
 */
export type SagaCommand =
  | { type: 'PlaceOrder'; orderId: string; customer: Customer; items: OrderLine[]; currency: string; now: number }
  | { type: 'CancelOrder'; reason: string; now: number }
  | { type: 'Observe'; event: ObservedEvent; now: number }
  | { type: 'RecordPaymentAuthorized'; paymentId: string; now: number }
  | { type: 'RecordPaymentDeclined'; reason: string; now: number }
  | { type: 'RecordPaymentRefunded'; refundId: string; now: number }
  | { type: 'CheckDeadline'; now: number };
