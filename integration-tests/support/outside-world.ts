// What the world outside the system saw, read through the simulators' and services' own HTTP views:
// the payment provider's books, the carrier's parcels, stock levels and the customer's inbox. Scenario
// tests judge an order by these, not by the saga's idea of itself.
import { getJson, request } from './http';

export interface Authorization {
  paymentId: string;
  orderId: string;
  status: 'AUTHORIZED' | 'DECLINED';
  amountMinor: number;
  refunds: Array<{ amountMinor: number }>;
}

export interface Stock {
  onHand: number;
  reserved: number;
  available: number;
}

/** Every authorization attempt the provider holds for an order, with its refunds. */
export const paymentBooks = (paymentUrl: string, orderId: string): Promise<Authorization[]> =>
  getJson(`${paymentUrl}/v1/authorizations?orderId=${encodeURIComponent(orderId)}`);

const refundedOf = (authorization: Authorization): number =>
  authorization.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0);

/** Authorized minus refunded: what the customer is out of pocket for this order. */
export const netCharge = (books: Authorization[]): number =>
  books.filter((a) => a.status === 'AUTHORIZED').reduce((sum, a) => sum + a.amountMinor - refundedOf(a), 0);

export const stockOf = (inventoryUrl: string, productId: string): Promise<Stock> =>
  getJson(`${inventoryUrl}/api/v1/inventory/${productId}`);

/** The carrier's parcels for an order (its lookup by merchant reference), oldest first. */
export interface Parcel {
  trackingNumber: string;
  status: string;
  estimatedDeliveryAt: number;
  history: Array<{ status: string }>;
}

export const parcelsOf = (carrierUrl: string, orderId: string): Promise<Parcel[]> =>
  getJson(`${carrierUrl}/v1/shipments?orderId=${encodeURIComponent(orderId)}`);

/**
 * The milestones mailed for an order, one entry per message caught. The notification service gives
 * each (order, milestone) a fixed Message-ID `<orderId.order-shipped@domain>`, so a copy sent twice
 * would show up here twice.
 */
export async function milestonesMailed(mailUrl: string, orderId: string): Promise<string[]> {
  const messages: Array<{ messageId: string }> = await getJson(
    `${mailUrl}/api/messages?orderId=${encodeURIComponent(orderId)}`,
  );
  return messages
    .map(
      ({ messageId }) =>
        /^<[^.]+\.([a-z-]+)@/.exec(messageId)?.[1]?.toUpperCase().replace(/-/g, '_') ?? `unknown ${messageId}`,
    )
    .sort();
}

/** PUT /admin/faults on a simulator: replaces every knob (an omitted one goes back to off). */
export async function setFaults(simulatorUrl: string, knobs: Record<string, unknown>): Promise<void> {
  const reply = await request('PUT', `${simulatorUrl}/admin/faults`, knobs);
  if (reply.status !== 200)
    throw new Error(`PUT ${simulatorUrl}/admin/faults answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  for (const key of Object.keys(knobs)) {
    if (!(key in reply.body)) throw new Error(`${simulatorUrl} does not know the fault knob ${key}`);
  }
}
