import type { CancellationReason, Customer, OrderEvent, OrderLine } from '@kot/events';

/**
 * The Order's state is a left fold of its stream. The stream holds the whole story of the order:
 * what this service decided (OrderPlaced, PaymentAuthorized, ...) and what it observed from other
 * services (InventoryReserved, ShipmentScheduled, ...), so state and timeline come from one place.
 */
export type OrderStatus =
  'NEW' | 'RESERVING' | 'PAYING' | 'SCHEDULING' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'COMPENSATING' | 'CANCELLED';
export type InventoryStep =
  'NONE' | 'REQUESTED' | 'RESERVED' | 'REJECTED' | 'RELEASE_REQUESTED' | 'RELEASED' | 'COMMITTED';
/**
 * UNSETTLED: the order was cancelled while its payment was due, so an authorization may be in flight
 * or may have landed with its reply lost. The saga settles it (asks the provider again, same
 * idempotency key) before it can end, and refunds what it finds.
 */
export type PaymentStep = 'NONE' | 'UNSETTLED' | 'AUTHORIZED' | 'DECLINED' | 'REFUNDED';
export type ShipmentStep =
  | 'NONE'
  | 'REQUESTED'
  | 'SCHEDULED'
  | 'FAILED'
  | 'CANCEL_REQUESTED'
  | 'CANCELLED'
  | 'SHIPPED'
  | 'IN_TRANSIT'
  | 'OUT_FOR_DELIVERY'
  | 'DELIVERED';

/**
 * A request sent to another service that has not been answered yet; drives timeouts and re-requests.
 * DELIVERY: a confirmed order waits for its parcel; with no news for the delivery deadline the saga asks
 * shipping where it is, and after the re-request limit the order shows as DELIVERY_OVERDUE (alerted).
 */
export interface Waiting {
  for: 'RESERVATION' | 'SHIPMENT' | 'SHIPMENT_CANCELLATION' | 'RELEASE' | 'DELIVERY';
  since: number;
  attempts: number;
}

export interface Cancellation {
  reason: CancellationReason;
  detail: string;
  productId: string | null;
}

export interface OrderState {
  orderId: string;
  status: OrderStatus;
  customer: Customer | null;
  items: OrderLine[];
  totalMinor: number;
  currency: string;
  placedAt: number;
  inventory: InventoryStep;
  payment: { step: PaymentStep; paymentId: string | null };
  shipment: { step: ShipmentStep; shipmentId: string | null; carrier: string | null; trackingNumber: string | null };
  cancellation: Cancellation | null;
  waiting: Waiting | null;
  /** OrderConfirmed is in the stream (a withdrawn cancellation must not skip it: inventory and the customer wait for it). */
  confirmed: boolean;
  version: number;
}

/**
 * The shape of OrderState and the evolve that folds it. Bump it whenever either changes: a snapshot
 * written by older code is then rebuilt from the stream when next loaded (event-store loadState).
 * 2: payment UNSETTLED, `confirmed`, waiting for DELIVERY (issue 14).
 */
export const ORDER_STATE_VERSION = 2;

export const initialState = (orderId: string): OrderState => ({
  orderId,
  status: 'NEW',
  customer: null,
  items: [],
  totalMinor: 0,
  currency: 'USD',
  placedAt: 0,
  inventory: 'NONE',
  payment: { step: 'NONE', paymentId: null },
  shipment: { step: 'NONE', shipmentId: null, carrier: null, trackingNumber: null },
  cancellation: null,
  waiting: null,
  confirmed: false,
  version: 0,
});

/** Once the parcel has left, the order is shipped whatever status the carrier reported first. */
export const PARCEL_LEFT: readonly string[] = ['SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'];

export const TERMINAL_STATUSES: readonly OrderStatus[] = ['DELIVERED', 'CANCELLED'];

/** A request is re-sent with a higher attempt number; anything else waiting is replaced. */
function waitFor(state: OrderState, kind: Waiting['for'], at: number): Waiting {
  const attempts = state.waiting?.for === kind ? state.waiting.attempts + 1 : 1;
  return { for: kind, since: at, attempts };
}

const delivery = (at: number): Waiting => ({ for: 'DELIVERY', since: at, attempts: 1 });

/** Confirmed and not yet delivered: the order waits on the carrier. */
export const awaitsParcel = (state: OrderState): boolean => state.status === 'CONFIRMED' || state.status === 'SHIPPED';

function answered(state: OrderState, kind: Waiting['for']): Waiting | null {
  return state.waiting?.for === kind ? null : state.waiting;
}

export function evolve(state: OrderState, event: OrderEvent, at: number): OrderState {
  const next = evolveData(state, event, at);
  return { ...next, version: state.version + 1 };
}

function evolveData(state: OrderState, event: OrderEvent, at: number): OrderState {
  switch (event.type) {
    case 'OrderPlaced': {
      const { customer, items, totalMinor, currency, placedAt } = event.data;
      return { ...state, status: 'RESERVING', customer, items, totalMinor, currency, placedAt };
    }
    case 'InventoryReservationRequested':
      return { ...state, inventory: 'REQUESTED', waiting: waitFor(state, 'RESERVATION', at) };
    case 'InventoryReserved':
      // A hold taken again after one expired (a re-request answered late, or inventory re-holding for a
      // confirmed order): it is held now, whatever the saga does with it next (keep it, or release it).
      if (state.inventory !== 'REQUESTED' && state.inventory !== 'RELEASED') return state;
      return {
        ...state,
        inventory: 'RESERVED',
        status: state.status === 'RESERVING' ? 'PAYING' : state.status,
        waiting: answered(state, 'RESERVATION'),
      };
    case 'InventoryReservationRejected':
      return { ...state, inventory: 'REJECTED', waiting: answered(state, 'RESERVATION') };
    case 'InventoryReleaseRequested':
      return { ...state, inventory: 'RELEASE_REQUESTED', waiting: waitFor(state, 'RELEASE', at) };
    case 'InventoryReleased':
      return { ...state, inventory: 'RELEASED', waiting: answered(state, 'RELEASE') };
    case 'InventoryCommitted':
      return { ...state, inventory: 'COMMITTED' };
    case 'PaymentAuthorized':
      return {
        ...state,
        payment: { step: 'AUTHORIZED', paymentId: event.data.paymentId },
        status: state.status === 'PAYING' ? 'SCHEDULING' : state.status,
      };
    case 'PaymentDeclined':
      return { ...state, payment: { ...state.payment, step: 'DECLINED' } };
    case 'PaymentRefunded':
      return { ...state, payment: { ...state.payment, step: 'REFUNDED' } };
    case 'ShipmentRequested':
      // Asked again of a confirmed order, it is a question (where is the parcel?), not a new shipment.
      if (awaitsParcel(state)) return { ...state, waiting: waitFor(state, 'DELIVERY', at) };
      return { ...state, shipment: { ...state.shipment, step: 'REQUESTED' }, waiting: waitFor(state, 'SHIPMENT', at) };
    case 'ShipmentScheduled': {
      const { shipmentId, carrier, trackingNumber } = event.data;
      const step = ['NONE', 'REQUESTED'].includes(state.shipment.step) ? 'SCHEDULED' : state.shipment.step;
      return {
        ...state,
        shipment: { step, shipmentId, carrier, trackingNumber },
        waiting: answered(state, 'SHIPMENT'),
      };
    }
    case 'ShipmentFailed':
      return { ...state, shipment: { ...state.shipment, step: 'FAILED' }, waiting: answered(state, 'SHIPMENT') };
    case 'ShipmentStatusChanged': {
      // While a cancellation is pending its answer decides what happens; progress is only remembered.
      const step = state.shipment.step === 'CANCEL_REQUESTED' ? 'CANCEL_REQUESTED' : event.data.status;
      const waiting = awaitsParcel(state) ? delivery(at) : state.waiting; // news of the parcel restarts its clock
      return {
        ...state,
        shipment: {
          ...state.shipment,
          step,
          shipmentId: event.data.shipmentId,
          trackingNumber: event.data.trackingNumber,
        },
        waiting,
      };
    }
    case 'ShipmentCancellationRequested':
      return {
        ...state,
        shipment: { ...state.shipment, step: 'CANCEL_REQUESTED' },
        waiting: waitFor(state, 'SHIPMENT_CANCELLATION', at),
      };
    case 'ShipmentCancelled':
      return {
        ...state,
        shipment: { ...state.shipment, step: 'CANCELLED' },
        waiting: answered(state, 'SHIPMENT_CANCELLATION'),
      };
    case 'ShipmentCancellationRejected': {
      const withdrawn = {
        ...state,
        shipment: { ...state.shipment, step: event.data.status as ShipmentStep },
        waiting: answered(state, 'SHIPMENT_CANCELLATION'),
      };
      // The parcel had already left: the cancellation is withdrawn and the order carries on.
      return state.status === 'COMPENSATING'
        ? { ...withdrawn, status: 'CONFIRMED', cancellation: null, waiting: delivery(at) }
        : withdrawn;
    }
    case 'OrderConfirmed':
      return { ...state, status: 'CONFIRMED', confirmed: true, waiting: delivery(at) };
    case 'OrderShipped':
      return { ...state, status: 'SHIPPED' };
    case 'OrderDelivered':
      return { ...state, status: 'DELIVERED', waiting: null };
    case 'OrderCancellationRequested': {
      const unsettled = state.status === 'PAYING' && state.payment.step === 'NONE';
      const payment = unsettled ? { ...state.payment, step: 'UNSETTLED' as const } : state.payment;
      const { code, detail, productId } = event.data; // version 1 data was upcast when the stream was read
      const cancellation = { reason: code ?? 'CUSTOMER_REQUEST', detail: detail ?? event.data.reason, productId };
      return { ...state, status: 'COMPENSATING', payment, cancellation };
    }
    case 'OrderCancelled': {
      const { reason, detail, productId } = event.data;
      return { ...state, status: 'CANCELLED', cancellation: { reason, detail, productId }, waiting: null };
    }
    case 'NotificationSent':
    case 'NotificationFailed':
      return state;
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

/** The cancellation in words, as OrderCancellationRequested.reason carries it for people and version 1 readers. */
export function formatCancellation(c: Cancellation): string {
  return c.productId ? `${c.reason}: ${c.detail} [${c.productId}]` : `${c.reason}: ${c.detail}`;
}
