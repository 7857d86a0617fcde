import type { DecidedEvent, ObservedEvent } from './order.events';
import type { OrderState, OrderStatus, ShipmentStep } from './order.state';
import type { Steps } from './order.steps';

/** Work the order service runs itself, through the saga scheduler: a call to the payment provider. */
export type PaymentAction = 'AUTHORIZE_PAYMENT' | 'SETTLE_PAYMENT' | 'REFUND_PAYMENT';

/** The compensation's requests, and its end, that the saga emits without waiting for anyone. */
export type CompensationEvent = Extract<
  DecidedEvent['type'],
  'ShipmentCancellationRequested' | 'InventoryReleaseRequested' | 'OrderCancelled'
>;

/** How an order gets out of a step. */
export type StepMove =
  /** A request is out: another service's reply moves the order on (unanswered, it is asked again: CHECK_REPLY). */
  | { by: 'reply'; awaits: readonly ObservedEvent['type'][] }
  /**
   * The scheduler calls the payment provider and records its answer (a Record... command). Settling asks
   * it to authorize again with the same idempotency key: it answers with what it already did, or does it.
   */
  | { by: 'scheduler'; action: PaymentAction; call: 'authorize' | 'refund'; dueAt: (state: OrderState) => number }
  /** The saga emits the request itself, in the same decision that brought the order here. */
  | { by: 'saga'; emits: CompensationEvent };

export interface SagaStep {
  name: string;
  status: OrderStatus;
  /** Where steps share a status, the first row (in table order) whose guard holds is the order's step. */
  when?: (held: Steps) => boolean;
  move: StepMove;
  next: string;
}

const reply = (...awaits: ObservedEvent['type'][]): StepMove => ({ by: 'reply', awaits });
const atOnce = () => 0;
const shipmentOut = (step: ShipmentStep) => step === 'REQUESTED' || step === 'SCHEDULED';

/**
 * The order saga, step by step. Forward: stock, payment, shipment, then the parcel. Compensation (any
 * failure, a timeout, or the customer) undoes what is held, newest first. pendingWork and workFor (the
 * scheduler's work) and nextCompensation (decide) read this table; the reactions to replies are in
 * saga.replies.ts. A step waiting on a reply whose deadline passes is asked again (CHECK_REPLY in
 * saga.policy.ts), as is shipping about a parcel with no news.
 */
export const SAGA_TABLE: readonly SagaStep[] = [
  {
    name: 'RESERVE_STOCK',
    status: 'RESERVING',
    move: reply('InventoryReserved', 'InventoryReservationRejected'),
    next: 'reserved: PAYING; out of stock: OrderCancelled at once (nothing is held)',
  },
  {
    name: 'AUTHORIZE_PAYMENT',
    status: 'PAYING',
    when: (held) => held.payment === 'NONE',
    // Due from when the order started paying (in practice at once: the reservation answered the last wait).
    move: { by: 'scheduler', action: 'AUTHORIZE_PAYMENT', call: 'authorize', dueAt: (s) => s.waiting?.since ?? 0 },
    next: 'authorized: InventoryConfirmationRequested, SCHEDULING; declined: compensate (PAYMENT_DECLINED)',
  },
  {
    // Paid for: the stock is kept for good before a parcel is booked, so a hold that lapsed while the
    // payment was slow is retaken or refused while nothing has left the warehouse.
    name: 'CONFIRM_STOCK',
    status: 'SCHEDULING',
    when: (held) => held.inventory === 'CONFIRM_REQUESTED',
    move: reply('InventoryConfirmed', 'InventoryReservationRejected'),
    next: 'kept: ShipmentRequested; refused (lapsed, stock gone): compensate (OUT_OF_STOCK), refund first',
  },
  {
    name: 'SCHEDULE_SHIPMENT',
    status: 'SCHEDULING',
    move: reply('ShipmentScheduled', 'ShipmentFailed'),
    next: 'scheduled: OrderConfirmed; failed: compensate (SHIPPING_FAILED)',
  },
  {
    name: 'AWAIT_DISPATCH',
    status: 'CONFIRMED',
    move: reply('ShipmentStatusChanged'),
    next: 'the parcel left: OrderShipped (and OrderDelivered when it was delivered straight away)',
  },
  { name: 'AWAIT_DELIVERY', status: 'SHIPPED', move: reply('ShipmentStatusChanged'), next: 'OrderDelivered' },
  {
    name: 'CANCEL_SHIPMENT',
    status: 'COMPENSATING',
    when: (held) => shipmentOut(held.shipment),
    move: { by: 'saga', emits: 'ShipmentCancellationRequested' },
    next: 'await the cancellation',
  },
  {
    name: 'AWAIT_SHIPMENT_CANCELLATION',
    status: 'COMPENSATING',
    when: (held) => held.shipment === 'CANCEL_REQUESTED',
    move: reply('ShipmentCancelled', 'ShipmentCancellationRejected'),
    next: 'cancelled: the payment; rejected (the parcel left): the cancellation is withdrawn, CONFIRMED',
  },
  {
    name: 'SETTLE_PAYMENT',
    status: 'COMPENSATING',
    when: (held) => held.payment === 'UNSETTLED',
    move: { by: 'scheduler', action: 'SETTLE_PAYMENT', call: 'authorize', dueAt: atOnce },
    next: 'authorized: refund it; declined: the stock',
  },
  {
    name: 'REFUND_PAYMENT',
    status: 'COMPENSATING',
    when: (held) => held.payment === 'AUTHORIZED',
    move: { by: 'scheduler', action: 'REFUND_PAYMENT', call: 'refund', dueAt: atOnce },
    next: 'PaymentRefunded, then the stock',
  },
  {
    name: 'RELEASE_STOCK',
    status: 'COMPENSATING',
    when: (held) => ['REQUESTED', 'RESERVED', 'CONFIRM_REQUESTED', 'CONFIRMED'].includes(held.inventory),
    move: { by: 'saga', emits: 'InventoryReleaseRequested' },
    next: 'await the release',
  },
  {
    name: 'AWAIT_RELEASE',
    status: 'COMPENSATING',
    when: (held) => held.inventory === 'RELEASE_REQUESTED',
    move: reply('InventoryReleased'),
    next: 'OrderCancelled',
  },
  {
    name: 'CANCEL_ORDER',
    status: 'COMPENSATING',
    move: { by: 'saga', emits: 'OrderCancelled' },
    next: 'CANCELLED: nothing is held any more',
  },
  {
    // An authorization that landed on an order already cancelled (older code let that happen) is still owed.
    name: 'REFUND_LATE_PAYMENT',
    status: 'CANCELLED',
    when: (held) => held.payment === 'AUTHORIZED',
    move: { by: 'scheduler', action: 'REFUND_PAYMENT', call: 'refund', dueAt: atOnce },
    next: 'PaymentRefunded; the order stays CANCELLED',
  },
];

/** The step an order in `status`, holding `held`, is at; null when it waits on nothing (NEW, DELIVERED, ...). */
export function stepOf(status: OrderStatus, held: Steps): SagaStep | null {
  return SAGA_TABLE.find((step) => step.status === status && (step.when?.(held) ?? true)) ?? null;
}
