// Turns the saga's machine-readable cancellation into words for the customer. The saga's `detail`
// is written for operators (e.g. "inventory did not answer in time"), so it is shown only where it
// is the customer's own words: the reason they gave when cancelling.
import { assertNever } from '@kot/service-kit';
import type { CancellationReason, OrderLine } from '@kot/events';

export interface CancellationText {
  /** A few words for the subject line and the facts table. */
  label: string;
  /** What happened, in a sentence. */
  explanation: string;
  /** What happens to their money. */
  money: string;
}

/** What the order service writes when the customer gave no reason; not worth quoting back. */
const NO_CUSTOMER_REASON = "cancelled at the customer's request";
const REFUNDED =
  'Any payment taken for this order has been refunded in full; it can take a few days to appear on your statement.';

function outOfStock(productId: string | null, items: readonly OrderLine[]): string {
  if (!productId)
    return 'Unfortunately one of the items you ordered is out of stock, so we could not fulfil your order.';
  const line = items.find((item) => item.productId === productId);
  const ordered = line ? ` (you ordered ${line.quantity})` : '';
  return `Unfortunately ${productId} is out of stock${ordered}, so we could not fulfil your order.`;
}

function customerRequest(detail: string): string {
  const note = detail.trim();
  const quoted = note !== '' && note !== NO_CUSTOMER_REASON ? ` Your note: “${note}”.` : '';
  return `We have cancelled your order as you asked.${quoted}`;
}

export function explainCancellation(
  reason: CancellationReason,
  detail: string,
  productId: string | null,
  items: readonly OrderLine[],
): CancellationText {
  switch (reason) {
    case 'OUT_OF_STOCK':
      return {
        label: `Out of stock: ${productId ?? 'an item'}`,
        explanation: outOfStock(productId, items),
        money: 'You have not been charged.',
      };
    case 'PAYMENT_DECLINED':
      return {
        label: 'Payment declined',
        explanation: 'Your payment was declined by your card issuer, so we could not complete your order.',
        money: 'No money has been taken. You are welcome to order again with another payment method.',
      };
    case 'SHIPPING_FAILED':
      return {
        label: 'Delivery could not be arranged',
        explanation: 'We could not arrange delivery to your shipping address, so we have cancelled your order.',
        money: REFUNDED,
      };
    case 'CUSTOMER_REQUEST':
      return { label: 'Cancelled at your request', explanation: customerRequest(detail), money: REFUNDED };
    case 'TIMEOUT':
      return {
        label: 'Could not be completed in time',
        explanation: 'We could not complete your order in time, so we have cancelled it rather than keep you waiting.',
        money: REFUNDED,
      };
    default:
      return assertNever(reason);
  }
}
