import type { Customer, OrderEvent, OrderLine } from '@kot/events';

/** Everything that can move an order's saga. Events from other services arrive as `Observe`. */
export type SagaCommand =
  | { type: 'PlaceOrder'; orderId: string; customer: Customer; items: OrderLine[]; currency: string; now: number }
  | { type: 'CancelOrder'; reason: string; now: number }
  | { type: 'Observe'; event: OrderEvent; now: number }
  | { type: 'RecordPaymentAuthorized'; paymentId: string; now: number }
  | { type: 'RecordPaymentDeclined'; reason: string; now: number }
  | { type: 'RecordPaymentRefunded'; refundId: string; now: number }
  | { type: 'CheckDeadline'; now: number };
