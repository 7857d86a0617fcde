// The five moments a customer hears about, and the facts each email needs. Built from the saga's
// events; everything else about the order comes from the copy kept when it was placed.
import { assertNever } from '@kot/service-kit';
import type { CancellationReason, EventOf, Milestone, OrderLine, OrderPlaced } from '@kot/events';

/** What this service keeps of an order (from OrderPlaced) so it never asks the order service. */
export interface OrderSnapshot {
  orderId: string;
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
  items: OrderLine[];
  totalMinor: number;
  currency: string;
  placedAt: number;
}

export type MilestoneNotice =
  | { milestone: 'ORDER_RECEIVED' }
  | { milestone: 'ORDER_CONFIRMED' }
  | { milestone: 'ORDER_SHIPPED'; carrier: string; trackingNumber: string }
  | { milestone: 'ORDER_DELIVERED'; deliveredAt: number }
  | { milestone: 'ORDER_CANCELLED'; reason: CancellationReason; detail: string; productId: string | null };

export const MILESTONE_EVENT_TYPES = [
  'OrderPlaced',
  'OrderConfirmed',
  'OrderShipped',
  'OrderDelivered',
  'OrderCancelled',
] as const;
export type MilestoneEvent = EventOf<(typeof MILESTONE_EVENT_TYPES)[number]>;

export type NotificationStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED';

export function snapshotOf(placed: OrderPlaced): OrderSnapshot {
  const { orderId, customer, items, totalMinor, currency, placedAt } = placed;
  return {
    orderId,
    customerId: customer.customerId,
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    items,
    totalMinor,
    currency,
    placedAt,
  };
}

/** The milestone an event announces, with the facts its email shows. */
export function noticeFor(event: MilestoneEvent): MilestoneNotice {
  switch (event.type) {
    case 'OrderPlaced':
      return { milestone: 'ORDER_RECEIVED' };
    case 'OrderConfirmed':
      return { milestone: 'ORDER_CONFIRMED' };
    case 'OrderShipped':
      return { milestone: 'ORDER_SHIPPED', carrier: event.data.carrier, trackingNumber: event.data.trackingNumber };
    case 'OrderDelivered':
      return { milestone: 'ORDER_DELIVERED', deliveredAt: event.data.deliveredAt };
    case 'OrderCancelled':
      return {
        milestone: 'ORDER_CANCELLED',
        reason: event.data.reason,
        detail: event.data.detail,
        productId: event.data.productId,
      };
    default:
      return assertNever(event);
  }
}

/**
 * One Message-ID per (order, milestone), whichever attempt or instance sends it: if a send is repeated
 * after a crash, receiving systems and mail clients can recognise the copy as the same message.
 */
export function messageIdFor(orderId: string, milestone: Milestone, domain: string): string {
  return `<${orderId}.${milestone.toLowerCase().replace(/_/g, '-')}@${domain}>`;
}

/** Short reference a person can read out on the phone: the first block of the order id. */
export function orderReference(orderId: string): string {
  return `#${orderId.split('-')[0]?.toUpperCase() ?? orderId}`;
}
