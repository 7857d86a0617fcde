// What a harness reads from the whole system once it is quiet, in one shape, so that the saga
// simulation (its models), the benchmark and the fault-injection run (the real servers) judge the
// end state by the same rules (checks.ts). Each list covers the orders under test only.

export type Milestone = 'ORDER_RECEIVED' | 'ORDER_CONFIRMED' | 'ORDER_SHIPPED' | 'ORDER_DELIVERED' | 'ORDER_CANCELLED';

/** The milestone each lifecycle event announces; the stream's milestone events are the milestones reached. */
export const MILESTONE_OF_EVENT: Readonly<Record<string, Milestone>> = {
  OrderPlaced: 'ORDER_RECEIVED',
  OrderConfirmed: 'ORDER_CONFIRMED',
  OrderShipped: 'ORDER_SHIPPED',
  OrderDelivered: 'ORDER_DELIVERED',
  OrderCancelled: 'ORDER_CANCELLED',
};

export interface Line {
  productId: string;
  quantity: number;
}

/** The order service's view: status, money owed, and what its stream recorded. */
export interface OrderOutcome {
  orderId: string;
  status: string;
  totalMinor: number;
  lines: Line[];
  /** OrderDelivered + OrderCancelled events in the order's stream. */
  terminalEvents: number;
  /** Milestones whose event is in the stream (a repeat counts once). */
  milestones: Milestone[];
}

/** One authorization at the payment provider, with what was refunded of it. */
export interface PaymentRecord {
  orderId: string;
  status: 'AUTHORIZED' | 'DECLINED';
  amountMinor: number;
  refundedMinor: number;
}

/** One product's counters; `initial` is the seed plus restocks. */
export interface StockRecord {
  productId: string;
  initial: number;
  onHand: number;
  reserved: number;
}

/** Inventory's reservation of one order (status as inventory stores it: HELD, CONFIRMED, COMMITTED, RELEASED, EXPIRED, REJECTED). */
export interface HoldRecord {
  orderId: string;
  status: string;
  lines: Line[];
}

/** One parcel booked at the carrier: its last status (CANCELLED when voided). */
export interface BookingRecord {
  orderId: string;
  status: string;
}

/** One email the mail server accepted (a copy sent twice appears twice), and when, where the server says. */
export interface EmailRecord {
  orderId: string;
  milestone: Milestone;
  receivedAt?: number;
}

/** The analytics read model's status of one order. */
export interface AnalyticsRecord {
  orderId: string;
  status: string;
}

export interface SystemSnapshot {
  orders: OrderOutcome[];
  payments: PaymentRecord[];
  stock: StockRecord[];
  holds: HoldRecord[];
  bookings: BookingRecord[];
  emails: EmailRecord[];
  analytics: AnalyticsRecord[];
  /**
   * When the notification service was killed during the run (fault runs only). SMTP has no way to ask
   * whether a message arrived: a sender killed after the server's 250 and before it recorded the send
   * sends the same message (same Message-ID) again, which the invariant reports instead of failing.
   */
  senderCrashes?: number[];
}

export interface Verdict {
  name: string;
  ok: boolean;
  detail: string;
  /** What is wrong, one readable line per order or product (all of them; callers sample). */
  offenders: string[];
}
