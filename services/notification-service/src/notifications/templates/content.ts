// What each milestone email says, independent of how it is rendered: the text and HTML renderers
// both draw from this, so the two bodies can never tell the customer different things.
import { explainCancellation } from '../cancellation';
import { orderReference, type MilestoneNotice, type OrderSnapshot } from '../milestones';
import { formatMoney, assertNever } from '@kot/service-kit';

export interface Fact {
  label: string;
  value: string;
}

export interface EmailContent {
  subject: string;
  heading: string;
  greeting: string;
  paragraphs: string[];
  facts: Fact[];
  /** Whether the order lines and total are listed. */
  showItems: boolean;
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

/** Customers live in many time zones and we do not know theirs, so times say UTC explicitly. */
export function formatDate(epochMs: number): string {
  return `${dateFormat.format(new Date(epochMs))} UTC`;
}

function totalFact(order: OrderSnapshot): Fact {
  return { label: 'Order total', value: formatMoney(order.totalMinor, order.currency) };
}

function orderFact(order: OrderSnapshot): Fact {
  return { label: 'Order number', value: order.orderId };
}

type Body = Omit<EmailContent, 'greeting'>;

function received(order: OrderSnapshot, ref: string): Body {
  return {
    subject: `We've received your order ${ref}`,
    heading: 'Thank you for your order',
    showItems: true,
    paragraphs: [
      'We have received your order and are now reserving your items and authorizing your payment. We will email you again as soon as it is confirmed.',
    ],
    facts: [orderFact(order), { label: 'Placed on', value: formatDate(order.placedAt) }, totalFact(order)],
  };
}

function confirmed(order: OrderSnapshot, ref: string): Body {
  return {
    subject: `Your order ${ref} is confirmed`,
    heading: 'Your order is confirmed',
    showItems: true,
    paragraphs: [
      'Good news: your items are reserved and your payment has been authorized. We are preparing your parcel and will let you know when it ships.',
    ],
    facts: [orderFact(order), totalFact(order)],
  };
}

function shipped(order: OrderSnapshot, ref: string, carrier: string, trackingNumber: string): Body {
  return {
    subject: `Your order ${ref} is on its way`,
    heading: 'Your parcel is on its way',
    showItems: false,
    paragraphs: [
      `Your parcel has left our warehouse with ${carrier}. You can follow it with the tracking number below.`,
    ],
    facts: [
      orderFact(order),
      { label: 'Carrier', value: carrier },
      { label: 'Tracking number', value: trackingNumber },
    ],
  };
}

function delivered(order: OrderSnapshot, ref: string, deliveredAt: number): Body {
  return {
    subject: `Your order ${ref} has been delivered`,
    heading: 'Your parcel has been delivered',
    showItems: false,
    paragraphs: [
      `Your parcel was delivered on ${formatDate(deliveredAt)}. We hope you enjoy your purchase!`,
      'If anything is missing or damaged, just reply to this email.',
    ],
    facts: [orderFact(order), { label: 'Delivered on', value: formatDate(deliveredAt) }],
  };
}

function cancelled(
  order: OrderSnapshot,
  ref: string,
  notice: Extract<MilestoneNotice, { milestone: 'ORDER_CANCELLED' }>,
): Body {
  const text = explainCancellation(notice.reason, notice.detail, notice.productId, order.items);
  return {
    subject: `Your order ${ref} has been cancelled`,
    heading: 'Your order has been cancelled',
    showItems: true,
    paragraphs: [text.explanation, text.money, 'We are sorry for the inconvenience.'],
    facts: [orderFact(order), { label: 'Reason', value: text.label }, totalFact(order)],
  };
}

function body(order: OrderSnapshot, notice: MilestoneNotice): Body {
  const ref = orderReference(order.orderId);
  switch (notice.milestone) {
    case 'ORDER_RECEIVED':
      return received(order, ref);
    case 'ORDER_CONFIRMED':
      return confirmed(order, ref);
    case 'ORDER_SHIPPED':
      return shipped(order, ref, notice.carrier, notice.trackingNumber);
    case 'ORDER_DELIVERED':
      return delivered(order, ref, notice.deliveredAt);
    case 'ORDER_CANCELLED':
      return cancelled(order, ref, notice);
    default:
      return assertNever(notice);
  }
}

export function composeContent(order: OrderSnapshot, notice: MilestoneNotice): EmailContent {
  return { ...body(order, notice), greeting: `Hi ${order.firstName},` };
}
