// Realistic example events for tests in any package. One builder per event type, checked
// exhaustively by the compiler, so adding an event to the contract forces a sample for it.
import type {
  Customer,
  DataOf,
  EventOf,
  EventType,
  OrderEvent,
  OrderLine,
  ShippingAddress,
  StockLine,
} from '../generated/events';
import { EVENT_TYPES } from '../generated/events';

export const SAMPLE_ORDER_ID = 'ord-7f3c2a91-5b6e-4d08-9c1a-2e8f4b7d6a35';
/** Fixed clock so samples compare equal across runs: 2025-03-14T09:30:00Z. */
export const SAMPLE_PLACED_AT = Date.UTC(2025, 2, 14, 9, 30);
const HOUR = 3_600_000;

export function sampleCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    customerId: 'cus-1042',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada.lovelace@example.com',
    phone: '+1-415-555-0134',
    address: '221 Market Street, Apt 5',
    city: 'San Francisco',
    state: 'CA',
    zipCode: '94105',
    ...overrides,
  };
}

export function sampleOrderLines(): OrderLine[] {
  return [
    { productId: 'sku-keyboard-mx', quantity: 1, unitPriceMinor: 12_999 },
    { productId: 'sku-usb-c-cable', quantity: 3, unitPriceMinor: 1_299 },
  ];
}

/** Stock lines matching sampleOrderLines. */
export function sampleStockLines(): StockLine[] {
  return sampleOrderLines().map(({ productId, quantity }) => ({ productId, quantity }));
}

export function sampleShippingAddress(): ShippingAddress {
  const { firstName, lastName, address, city, state, zipCode } = sampleCustomer();
  return { name: `${firstName} ${lastName}`, address, city, state, zipCode };
}

/** Total of sampleOrderLines in minor units. */
export const SAMPLE_TOTAL_MINOR = sampleOrderLines().reduce(
  (sum, line) => sum + line.quantity * line.unitPriceMinor,
  0,
);

type Builders = { readonly [T in EventType]: (orderId: string) => DataOf<T> };

const builders: Builders = {
  OrderPlaced: (orderId) => ({
    orderId,
    customer: sampleCustomer(),
    items: sampleOrderLines(),
    totalMinor: SAMPLE_TOTAL_MINOR,
    currency: 'USD',
    placedAt: SAMPLE_PLACED_AT,
  }),
  InventoryReservationRequested: (orderId) => ({ orderId, items: sampleStockLines(), attempt: 1 }),
  InventoryReserved: (orderId) => ({ orderId, items: sampleStockLines() }),
  InventoryConfirmationRequested: (orderId) => ({ orderId, items: sampleStockLines(), attempt: 1 }),
  InventoryConfirmed: (orderId) => ({ orderId, items: sampleStockLines() }),
  InventoryReservationRejected: (orderId) => ({ orderId, productId: 'sku-usb-c-cable', requested: 3, available: 1 }),
  InventoryReleaseRequested: (orderId) => ({ orderId, reason: 'payment declined: insufficient funds' }),
  InventoryReleased: (orderId) => ({ orderId, items: sampleStockLines(), reason: 'REQUESTED' }),
  InventoryCommitted: (orderId) => ({ orderId, items: sampleStockLines() }),
  PaymentAuthorized: (orderId) => ({
    orderId,
    paymentId: 'pay-58d1e0c2',
    amountMinor: SAMPLE_TOTAL_MINOR,
    currency: 'USD',
  }),
  PaymentDeclined: (orderId) => ({
    orderId,
    amountMinor: SAMPLE_TOTAL_MINOR,
    currency: 'USD',
    reason: 'insufficient funds',
  }),
  PaymentRefunded: (orderId) => ({
    orderId,
    paymentId: 'pay-58d1e0c2',
    refundId: 'ref-0b7a4c19',
    amountMinor: SAMPLE_TOTAL_MINOR,
    currency: 'USD',
  }),
  ShipmentRequested: (orderId) => ({
    orderId,
    recipient: sampleShippingAddress(),
    items: sampleStockLines(),
    attempt: 1,
  }),
  ShipmentScheduled: (orderId) => ({
    orderId,
    shipmentId: 'shp-93e2f7aa',
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
    estimatedDeliveryAt: SAMPLE_PLACED_AT + 72 * HOUR,
  }),
  ShipmentFailed: (orderId) => ({ orderId, reason: 'carrier rejected: address not serviceable' }),
  ShipmentStatusChanged: (orderId) => ({
    orderId,
    shipmentId: 'shp-93e2f7aa',
    trackingNumber: '1Z999AA10123456784',
    status: 'IN_TRANSIT',
    location: 'Oakland, CA sort facility',
    changedAt: SAMPLE_PLACED_AT + 20 * HOUR,
  }),
  ShipmentCancellationRequested: (orderId) => ({ orderId, reason: 'customer cancelled the order' }),
  ShipmentCancelled: (orderId) => ({ orderId, shipmentId: 'shp-93e2f7aa' }),
  ShipmentCancellationRejected: (orderId) => ({
    orderId,
    shipmentId: 'shp-93e2f7aa',
    status: 'SHIPPED',
    reason: 'parcel already handed to the carrier',
  }),
  OrderConfirmed: (orderId) => ({ orderId }),
  OrderShipped: (orderId) => ({ orderId, carrier: 'UPS', trackingNumber: '1Z999AA10123456784' }),
  OrderDelivered: (orderId) => ({ orderId, deliveredAt: SAMPLE_PLACED_AT + 70 * HOUR }),
  OrderCancellationRequested: (orderId) => ({
    orderId,
    reason: 'CUSTOMER_REQUEST: ordered the wrong size',
    code: 'CUSTOMER_REQUEST',
    detail: 'ordered the wrong size',
    productId: null,
  }),
  OrderCancelled: (orderId) => ({
    orderId,
    reason: 'OUT_OF_STOCK',
    detail: 'Only 1 of 3 USB-C cables in stock',
    productId: 'sku-usb-c-cable',
  }),
  NotificationSent: (orderId) => ({
    orderId,
    milestone: 'ORDER_CONFIRMED',
    recipient: 'ada.lovelace@example.com',
    messageId: '<c41b2e@mail.kafkaordertracking.local>',
  }),
  NotificationFailed: (orderId) => ({
    orderId,
    milestone: 'ORDER_SHIPPED',
    recipient: 'ada.lovelace@example.com',
    error: 'SMTP 421: service not available',
  }),
};

/** A realistic event of the given type; `overrides` replaces top-level data fields (e.g. orderId). */
export function sampleEvent<T extends EventType>(type: T, overrides: Partial<DataOf<T>> = {}): EventOf<T> {
  const build = builders[type] as (orderId: string) => DataOf<T>;
  // TypeScript cannot relate a generic T to one member of the union; the builders map guarantees it.
  return { type, data: { ...build(SAMPLE_ORDER_ID), ...overrides } } as unknown as EventOf<T>;
}

/** One sample of every event type, all for the same order. */
export function sampleEvents(orderId: string = SAMPLE_ORDER_ID): OrderEvent[] {
  return EVENT_TYPES.map((type) => sampleEvent(type, { orderId }));
}
