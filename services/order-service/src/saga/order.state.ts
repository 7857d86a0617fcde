import type { CancellationReason, Customer, OrderLine } from '@kot/events';

/**
 * The Order's state is a left fold of its stream (order.evolve.ts). The stream holds the whole story of
 * the order: what this service decided (OrderPlaced, PaymentAuthorized, ...) and what it observed from
 * other services (InventoryReserved, ShipmentScheduled, ...), so state and timeline come from one place.
 */
export type OrderStatus =
  'NEW' | 'RESERVING' | 'PAYING' | 'SCHEDULING' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'COMPENSATING' | 'CANCELLED';
/**
 * RESERVED: held until the hold's TTL; CONFIRMED: kept for good (asked for once the order is paid, so a
 * hold that lapsed while the payment was slow is taken again or refused before any parcel is booked).
 */
export type InventoryStep =
  | 'NONE'
  | 'REQUESTED'
  | 'RESERVED'
  | 'REJECTED'
  | 'CONFIRM_REQUESTED'
  | 'CONFIRMED'
  | 'RELEASE_REQUESTED'
  | 'RELEASED'
  | 'COMMITTED';
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
  for: 'RESERVATION' | 'STOCK_CONFIRMATION' | 'SHIPMENT' | 'SHIPMENT_CANCELLATION' | 'RELEASE' | 'DELIVERY';
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
  /** OrderConfirmed is in the stream (a withdrawn cancellation must not skip it: the customer's email waits for it). */
  confirmed: boolean;
  version: number;
}

/**
 * The shape of OrderState and the evolve that folds it. Bump it whenever either changes: a snapshot
 * written by older code is then rebuilt from the stream when next loaded (event-store loadState).
 * 2: payment UNSETTLED, `confirmed`, waiting for DELIVERY (issue 14).
 * 3: inventory CONFIRM_REQUESTED and CONFIRMED, waiting for STOCK_CONFIRMATION (stock kept before shipping).
 */
export const ORDER_STATE_VERSION = 3;

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

/** Confirmed and not yet delivered: the order waits on the carrier. */
export const awaitsParcel = (state: Pick<OrderState, 'status'>): boolean =>
  state.status === 'CONFIRMED' || state.status === 'SHIPPED';

/** The cancellation in words, as OrderCancellationRequested.reason carries it for people and version 1 readers. */
export function formatCancellation(c: Cancellation): string {
  return c.productId ? `${c.reason}: ${c.detail} [${c.productId}]` : `${c.reason}: ${c.detail}`;
}
