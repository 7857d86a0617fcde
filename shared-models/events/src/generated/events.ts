// GENERATED FILE, DO NOT EDIT. Source of truth: shared-models/events/schemas/*.avsc.
// Regenerate with `npm run codegen`; a unit test fails if this file is stale.
import type { AvroRecordSchema } from '../avro-json';

export const EVENT_NAMESPACE = 'com.kafkaordertracking.events';

// ---- Enums ----

export type CancellationReason = 'OUT_OF_STOCK' | 'PAYMENT_DECLINED' | 'SHIPPING_FAILED' | 'CUSTOMER_REQUEST' | 'TIMEOUT';
export const CANCELLATION_REASON_VALUES: readonly CancellationReason[] = ['OUT_OF_STOCK', 'PAYMENT_DECLINED', 'SHIPPING_FAILED', 'CUSTOMER_REQUEST', 'TIMEOUT'];

export type Milestone = 'ORDER_RECEIVED' | 'ORDER_CONFIRMED' | 'ORDER_SHIPPED' | 'ORDER_DELIVERED' | 'ORDER_CANCELLED';
export const MILESTONE_VALUES: readonly Milestone[] = ['ORDER_RECEIVED', 'ORDER_CONFIRMED', 'ORDER_SHIPPED', 'ORDER_DELIVERED', 'ORDER_CANCELLED'];

export type ReleaseReason = 'REQUESTED' | 'EXPIRED';
export const RELEASE_REASON_VALUES: readonly ReleaseReason[] = ['REQUESTED', 'EXPIRED'];

export type ShipmentStatus = 'SHIPPED' | 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED';
export const SHIPMENT_STATUS_VALUES: readonly ShipmentStatus[] = ['SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'];

// ---- Shared records ----

export interface Customer {
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  address: string;
  city: string;
  state: string;
  zipCode: string;
}

export interface OrderLine {
  productId: string;
  quantity: number;
  /** Price of one unit in minor units of the order currency. */
  unitPriceMinor: number;
}

export interface ShippingAddress {
  name: string;
  address: string;
  city: string;
  state: string;
  zipCode: string;
}

export interface StockLine {
  productId: string;
  quantity: number;
}

// ---- Event payloads ----

/** Held stock was turned into a permanent decrement because the order went ahead. */
export interface InventoryCommitted {
  orderId: string;
  items: StockLine[];
}

/** The order is paid for: the saga asks inventory to keep the order's stock for good (the hold stops expiring) before it asks for a shipment. A hold that lapsed is taken again if the stock is still free. */
export interface InventoryConfirmationRequested {
  orderId: string;
  items: StockLine[];
  /** 1 for the first request; incremented on each retry so duplicates can be told from retries. */
  attempt: number;
}

/** Inventory keeps the order's stock until it is delivered (committed) or released; the hold no longer expires. Refusals are InventoryReservationRejected. */
export interface InventoryConfirmed {
  orderId: string;
  items: StockLine[];
}

/** Compensation: the saga asks inventory to give back whatever it holds for the order. */
export interface InventoryReleaseRequested {
  orderId: string;
  reason: string;
}

/** Inventory gave back the stock it held for the order, on request or because the hold expired. */
export interface InventoryReleased {
  orderId: string;
  /** Empty when nothing was held, so a release request always gets an answer. */
  items: StockLine[];
  reason: ReleaseReason;
}

/** Inventory could not hold stock; names the first product that was short so the cancellation can say why. */
export interface InventoryReservationRejected {
  orderId: string;
  productId: string;
  requested: number;
  available: number;
}

/** The saga asks inventory to hold stock for every line of the order. */
export interface InventoryReservationRequested {
  orderId: string;
  items: StockLine[];
  /** 1 for the first request; incremented on each retry so duplicates can be told from retries. */
  attempt: number;
}

/** Inventory holds stock for all lines of the order (all-or-nothing). */
export interface InventoryReserved {
  orderId: string;
  items: StockLine[];
}

/** Telling the customer about a milestone failed after retries; kept for support, never blocks the saga. */
export interface NotificationFailed {
  orderId: string;
  milestone: Milestone;
  recipient: string;
  error: string;
}

/** The customer was told about a milestone of their order. */
export interface NotificationSent {
  orderId: string;
  milestone: Milestone;
  /** Address the message went to. */
  recipient: string;
  /** The mail server's id, to trace delivery. */
  messageId: string;
}

/** The saga started undoing the order (a customer's cancel, a failed step, a timeout); it compensates newest step first. Version 2 added code, detail and productId; version 1 readers still get reason. */
export interface OrderCancellationRequested {
  orderId: string;
  /** The cancellation in words, e.g. "TIMEOUT: inventory did not answer in time". */
  reason: string;
  /** Why, for machines (since version 2; null in events written before). */
  code: CancellationReason | null;
  /** The explanation without the code (since version 2). */
  detail: string | null;
  /** The product that was short when code is OUT_OF_STOCK (since version 2). */
  productId: string | null;
}

/** The saga ended without fulfilment; all compensations have been requested. */
export interface OrderCancelled {
  orderId: string;
  reason: CancellationReason;
  /** Human-readable explanation for the customer notice. */
  detail: string;
  /** The product that was short when reason is OUT_OF_STOCK. */
  productId: string | null;
}

/** Stock is held, payment authorized and a shipment scheduled: the order will be fulfilled. */
export interface OrderConfirmed {
  orderId: string;
}

/** The carrier delivered the parcel; the saga ends successfully. */
export interface OrderDelivered {
  orderId: string;
  /** Epoch milliseconds. */
  deliveredAt: number;
}

/** A customer placed an order; starts the order saga. Carries everything downstream steps need so nobody calls back to the order service. */
export interface OrderPlaced {
  orderId: string;
  customer: Customer;
  items: OrderLine[];
  /** Order total in minor units (cents). */
  totalMinor: number;
  /** ISO 4217 code, e.g. USD. */
  currency: string;
  /** Epoch milliseconds. */
  placedAt: number;
}

/** The parcel left the warehouse with the carrier. */
export interface OrderShipped {
  orderId: string;
  carrier: string;
  trackingNumber: string;
}

/** The payment provider authorized the order total. */
export interface PaymentAuthorized {
  orderId: string;
  /** The provider's id, needed to refund later. */
  paymentId: string;
  amountMinor: number;
  currency: string;
}

/** The payment provider refused the charge; the saga compensates and cancels. */
export interface PaymentDeclined {
  orderId: string;
  amountMinor: number;
  currency: string;
  reason: string;
}

/** Compensation: an authorized payment was refunded. */
export interface PaymentRefunded {
  orderId: string;
  paymentId: string;
  refundId: string;
  amountMinor: number;
  currency: string;
}

/** The cancel came too late (the parcel already left), so the saga must not treat the order as cancelled. */
export interface ShipmentCancellationRejected {
  orderId: string;
  shipmentId: string;
  /** Shipping's own status at the time of the request; wider than ShipmentStatus. */
  status: string;
  reason: string;
}

/** Compensation: the saga asks shipping to cancel the booking for the order. */
export interface ShipmentCancellationRequested {
  orderId: string;
  reason: string;
}

/** Shipping cancelled the booking, or confirms there was none to cancel. */
export interface ShipmentCancelled {
  orderId: string;
  /** Null when no shipment had been booked yet. */
  shipmentId: string | null;
}

/** No carrier could take the shipment; the saga compensates and cancels. */
export interface ShipmentFailed {
  orderId: string;
  reason: string;
}

/** The saga asks shipping to book a carrier for the order. */
export interface ShipmentRequested {
  orderId: string;
  recipient: ShippingAddress;
  items: StockLine[];
  /** 1 for the first request; incremented on each retry. */
  attempt: number;
}

/** A carrier accepted the shipment. */
export interface ShipmentScheduled {
  orderId: string;
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
  /** Epoch milliseconds. */
  estimatedDeliveryAt: number;
}

/** The carrier reported progress for a scheduled shipment. */
export interface ShipmentStatusChanged {
  orderId: string;
  shipmentId: string;
  trackingNumber: string;
  status: ShipmentStatus;
  /** Where the parcel was seen, when the carrier says. */
  location: string | null;
  /** Epoch milliseconds, as reported by the carrier. */
  changedAt: number;
}

// ---- Tagged union ----

/** Every event on the orders topic, tagged by its record name. */
export type OrderEvent =
  | { type: 'InventoryCommitted'; data: InventoryCommitted }
  | { type: 'InventoryConfirmationRequested'; data: InventoryConfirmationRequested }
  | { type: 'InventoryConfirmed'; data: InventoryConfirmed }
  | { type: 'InventoryReleaseRequested'; data: InventoryReleaseRequested }
  | { type: 'InventoryReleased'; data: InventoryReleased }
  | { type: 'InventoryReservationRejected'; data: InventoryReservationRejected }
  | { type: 'InventoryReservationRequested'; data: InventoryReservationRequested }
  | { type: 'InventoryReserved'; data: InventoryReserved }
  | { type: 'NotificationFailed'; data: NotificationFailed }
  | { type: 'NotificationSent'; data: NotificationSent }
  | { type: 'OrderCancellationRequested'; data: OrderCancellationRequested }
  | { type: 'OrderCancelled'; data: OrderCancelled }
  | { type: 'OrderConfirmed'; data: OrderConfirmed }
  | { type: 'OrderDelivered'; data: OrderDelivered }
  | { type: 'OrderPlaced'; data: OrderPlaced }
  | { type: 'OrderShipped'; data: OrderShipped }
  | { type: 'PaymentAuthorized'; data: PaymentAuthorized }
  | { type: 'PaymentDeclined'; data: PaymentDeclined }
  | { type: 'PaymentRefunded'; data: PaymentRefunded }
  | { type: 'ShipmentCancellationRejected'; data: ShipmentCancellationRejected }
  | { type: 'ShipmentCancellationRequested'; data: ShipmentCancellationRequested }
  | { type: 'ShipmentCancelled'; data: ShipmentCancelled }
  | { type: 'ShipmentFailed'; data: ShipmentFailed }
  | { type: 'ShipmentRequested'; data: ShipmentRequested }
  | { type: 'ShipmentScheduled'; data: ShipmentScheduled }
  | { type: 'ShipmentStatusChanged'; data: ShipmentStatusChanged };
export type EventType = OrderEvent['type'];
export type EventOf<T extends EventType> = Extract<OrderEvent, { type: T }>;
export type DataOf<T extends EventType> = EventOf<T>['data'];
export const EVENT_TYPES: readonly EventType[] = [
  'InventoryCommitted',
  'InventoryConfirmationRequested',
  'InventoryConfirmed',
  'InventoryReleaseRequested',
  'InventoryReleased',
  'InventoryReservationRejected',
  'InventoryReservationRequested',
  'InventoryReserved',
  'NotificationFailed',
  'NotificationSent',
  'OrderCancellationRequested',
  'OrderCancelled',
  'OrderConfirmed',
  'OrderDelivered',
  'OrderPlaced',
  'OrderShipped',
  'PaymentAuthorized',
  'PaymentDeclined',
  'PaymentRefunded',
  'ShipmentCancellationRejected',
  'ShipmentCancellationRequested',
  'ShipmentCancelled',
  'ShipmentFailed',
  'ShipmentRequested',
  'ShipmentScheduled',
  'ShipmentStatusChanged',
];

/** The Avro schema of each event, exactly as in its .avsc file (what gets registered). */
export const EVENT_SCHEMAS: { readonly [T in EventType]: AvroRecordSchema } = {
  InventoryCommitted: {
    "type": "record",
    "name": "InventoryCommitted",
    "namespace": "com.kafkaordertracking.events",
    "doc": "Held stock was turned into a permanent decrement because the order went ahead.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "items",
        "type": {
          "type": "array",
          "items": {
            "type": "record",
            "name": "StockLine",
            "fields": [
              {
                "name": "productId",
                "type": "string"
              },
              {
                "name": "quantity",
                "type": "int"
              }
            ]
          }
        }
      }
    ]
  },
  InventoryConfirmationRequested: {
    "type": "record",
    "name": "InventoryConfirmationRequested",
    "namespace": "com.kafkaordertracking.events",
    "doc": "The order is paid for: the saga asks inventory to keep the order's stock for good (the hold stops expiring) before it asks for a shipment. A hold that lapsed is taken again if the stock is still free.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "items",
        "type": {
          "type": "array",
          "items": {
            "type": "record",
            "name": "StockLine",
            "fields": [
              {
                "name": "productId",
                "type": "string"
              },
              {
                "name": "quantity",
                "type": "int"
              }
            ]
          }
        }
      },
      {
        "name": "attempt",
        "type": "int",
        "doc": "1 for the first request; incremented on each retry so duplicates can be told from retries."
      }
    ]
  },
  InventoryConfirmed: {
    "type": "record",
    "name": "InventoryConfirmed",
    "namespace": "com.kafkaordertracking.events",
    "doc": "Inventory keeps the order's stock until it is delivered (committed) or released; the hold no longer expires. Refusals are InventoryReservationRejected.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "items",
        "type": {
          "type": "array",
          "items": {
            "type": "record",
            "name": "StockLine",
            "fields": [
              {
                "name": "productId",
                "type": "string"
              },
              {
                "name": "quantity",
                "type": "int"
              }
            ]
          }
        }
      }
    ]
  },
  InventoryReleaseRequested: {
    "type": "record",
    "name": "InventoryReleaseRequested",
    "namespace": "com.kafkaordertracking.events",
    "doc": "Compensation: the saga asks inventory to give back whatever it holds for the order.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "reason",
        "type": "string"
      }
    ]
  },
  InventoryReleased: {
    "type": "record",
    "name": "InventoryReleased",
    "namespace": "com.kafkaordertracking.events",
    "doc": "Inventory gave back the stock it held for the order, on request or because the hold expired.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "items",
        "doc": "Empty when nothing was held, so a release request always gets an answer.",
        "type": {
          "type": "array",
          "items": {
            "type": "record",
            "name": "StockLine",
            "fields": [
              {
                "name": "productId",
                "type": "string"
              },
              {
                "name": "quantity",
                "type": "int"
              }
            ]
          }
        }
      },
      {
        "name": "reason",
        "type": {
          "type": "enum",
          "name": "ReleaseReason",
          "symbols": [
            "REQUESTED",
            "EXPIRED"
          ]
        }
      }
    ]
  },
  InventoryReservationRejected: {
    "type": "record",
    "name": "InventoryReservationRejected",
    "namespace": "com.kafkaordertracking.events",
    "doc": "Inventory could not hold stock; names the first product that was short so the cancellation can say why.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "productId",
        "type": "string"
      },
      {
        "name": "requested",
        "type": "int"
      },
      {
        "name": "available",
        "type": "int"
      }
    ]
  },
  InventoryReservationRequested: {
    "type": "record",
    "name": "InventoryReservationRequested",
    "namespace": "com.kafkaordertracking.events",
    "doc": "The saga asks inventory to hold stock for every line of the order.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "items",
        "type": {
          "type": "array",
          "items": {
            "type": "record",
            "name": "StockLine",
            "fields": [
              {
                "name": "productId",
                "type": "string"
              },
              {
                "name": "quantity",
                "type": "int"
              }
            ]
          }
        }
      },
      {
        "name": "attempt",
        "type": "int",
        "doc": "1 for the first request; incremented on each retry so duplicates can be told from retries."
      }
    ]
  },
  InventoryReserved: {
    "type": "record",
    "name": "InventoryReserved",
    "namespace": "com.kafkaordertracking.events",
    "doc": "Inventory holds stock for all lines of the order (all-or-nothing).",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "items",
        "type": {
          "type": "array",
          "items": {
            "type": "record",
            "name": "StockLine",
            "fields": [
              {
                "name": "productId",
                "type": "string"
              },
              {
                "name": "quantity",
                "type": "int"
              }
            ]
          }
        }
      }
    ]
  },
  NotificationFailed: {
    "type": "record",
    "name": "NotificationFailed",
    "namespace": "com.kafkaordertracking.events",
    "doc": "Telling the customer about a milestone failed after retries; kept for support, never blocks the saga.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "milestone",
        "type": {
          "type": "enum",
          "name": "Milestone",
          "symbols": [
            "ORDER_RECEIVED",
            "ORDER_CONFIRMED",
            "ORDER_SHIPPED",
            "ORDER_DELIVERED",
            "ORDER_CANCELLED"
          ]
        }
      },
      {
        "name": "recipient",
        "type": "string"
      },
      {
        "name": "error",
        "type": "string"
      }
    ]
  },
  NotificationSent: {
    "type": "record",
    "name": "NotificationSent",
    "namespace": "com.kafkaordertracking.events",
    "doc": "The customer was told about a milestone of their order.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "milestone",
        "type": {
          "type": "enum",
          "name": "Milestone",
          "symbols": [
            "ORDER_RECEIVED",
            "ORDER_CONFIRMED",
            "ORDER_SHIPPED",
            "ORDER_DELIVERED",
            "ORDER_CANCELLED"
          ]
        }
      },
      {
        "name": "recipient",
        "type": "string",
        "doc": "Address the message went to."
      },
      {
        "name": "messageId",
        "type": "string",
        "doc": "The mail server's id, to trace delivery."
      }
    ]
  },
  OrderCancellationRequested: {
    "type": "record",
    "name": "OrderCancellationRequested",
    "namespace": "com.kafkaordertracking.events",
    "doc": "The saga started undoing the order (a customer's cancel, a failed step, a timeout); it compensates newest step first. Version 2 added code, detail and productId; version 1 readers still get reason.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "reason",
        "type": "string",
        "doc": "The cancellation in words, e.g. \"TIMEOUT: inventory did not answer in time\"."
      },
      {
        "name": "code",
        "type": [
          "null",
          {
            "type": "enum",
            "name": "CancellationReason",
            "symbols": [
              "OUT_OF_STOCK",
              "PAYMENT_DECLINED",
              "SHIPPING_FAILED",
              "CUSTOMER_REQUEST",
              "TIMEOUT"
            ]
          }
        ],
        "default": null,
        "doc": "Why, for machines (since version 2; null in events written before)."
      },
      {
        "name": "detail",
        "type": [
          "null",
          "string"
        ],
        "default": null,
        "doc": "The explanation without the code (since version 2)."
      },
      {
        "name": "productId",
        "type": [
          "null",
          "string"
        ],
        "default": null,
        "doc": "The product that was short when code is OUT_OF_STOCK (since version 2)."
      }
    ]
  },
  OrderCancelled: {
    "type": "record",
    "name": "OrderCancelled",
    "namespace": "com.kafkaordertracking.events",
    "doc": "The saga ended without fulfilment; all compensations have been requested.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "reason",
        "type": {
          "type": "enum",
          "name": "CancellationReason",
          "symbols": [
            "OUT_OF_STOCK",
            "PAYMENT_DECLINED",
            "SHIPPING_FAILED",
            "CUSTOMER_REQUEST",
            "TIMEOUT"
          ]
        }
      },
      {
        "name": "detail",
        "type": "string",
        "doc": "Human-readable explanation for the customer notice."
      },
      {
        "name": "productId",
        "type": [
          "null",
          "string"
        ],
        "default": null,
        "doc": "The product that was short when reason is OUT_OF_STOCK."
      }
    ]
  },
  OrderConfirmed: {
    "type": "record",
    "name": "OrderConfirmed",
    "namespace": "com.kafkaordertracking.events",
    "doc": "Stock is held, payment authorized and a shipment scheduled: the order will be fulfilled.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      }
    ]
  },
  OrderDelivered: {
    "type": "record",
    "name": "OrderDelivered",
    "namespace": "com.kafkaordertracking.events",
    "doc": "The carrier delivered the parcel; the saga ends successfully.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "deliveredAt",
        "type": "long",
        "doc": "Epoch milliseconds."
      }
    ]
  },
  OrderPlaced: {
    "type": "record",
    "name": "OrderPlaced",
    "namespace": "com.kafkaordertracking.events",
    "doc": "A customer placed an order; starts the order saga. Carries everything downstream steps need so nobody calls back to the order service.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "customer",
        "type": {
          "type": "record",
          "name": "Customer",
          "fields": [
            {
              "name": "customerId",
              "type": "string"
            },
            {
              "name": "firstName",
              "type": "string"
            },
            {
              "name": "lastName",
              "type": "string"
            },
            {
              "name": "email",
              "type": "string"
            },
            {
              "name": "phone",
              "type": "string"
            },
            {
              "name": "address",
              "type": "string"
            },
            {
              "name": "city",
              "type": "string"
            },
            {
              "name": "state",
              "type": "string"
            },
            {
              "name": "zipCode",
              "type": "string"
            }
          ]
        }
      },
      {
        "name": "items",
        "type": {
          "type": "array",
          "items": {
            "type": "record",
            "name": "OrderLine",
            "fields": [
              {
                "name": "productId",
                "type": "string"
              },
              {
                "name": "quantity",
                "type": "int"
              },
              {
                "name": "unitPriceMinor",
                "type": "long",
                "doc": "Price of one unit in minor units of the order currency."
              }
            ]
          }
        }
      },
      {
        "name": "totalMinor",
        "type": "long",
        "doc": "Order total in minor units (cents)."
      },
      {
        "name": "currency",
        "type": "string",
        "doc": "ISO 4217 code, e.g. USD."
      },
      {
        "name": "placedAt",
        "type": "long",
        "doc": "Epoch milliseconds."
      }
    ]
  },
  OrderShipped: {
    "type": "record",
    "name": "OrderShipped",
    "namespace": "com.kafkaordertracking.events",
    "doc": "The parcel left the warehouse with the carrier.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "carrier",
        "type": "string"
      },
      {
        "name": "trackingNumber",
        "type": "string"
      }
    ]
  },
  PaymentAuthorized: {
    "type": "record",
    "name": "PaymentAuthorized",
    "namespace": "com.kafkaordertracking.events",
    "doc": "The payment provider authorized the order total.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "paymentId",
        "type": "string",
        "doc": "The provider's id, needed to refund later."
      },
      {
        "name": "amountMinor",
        "type": "long"
      },
      {
        "name": "currency",
        "type": "string"
      }
    ]
  },
  PaymentDeclined: {
    "type": "record",
    "name": "PaymentDeclined",
    "namespace": "com.kafkaordertracking.events",
    "doc": "The payment provider refused the charge; the saga compensates and cancels.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "amountMinor",
        "type": "long"
      },
      {
        "name": "currency",
        "type": "string"
      },
      {
        "name": "reason",
        "type": "string"
      }
    ]
  },
  PaymentRefunded: {
    "type": "record",
    "name": "PaymentRefunded",
    "namespace": "com.kafkaordertracking.events",
    "doc": "Compensation: an authorized payment was refunded.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "paymentId",
        "type": "string"
      },
      {
        "name": "refundId",
        "type": "string"
      },
      {
        "name": "amountMinor",
        "type": "long"
      },
      {
        "name": "currency",
        "type": "string"
      }
    ]
  },
  ShipmentCancellationRejected: {
    "type": "record",
    "name": "ShipmentCancellationRejected",
    "namespace": "com.kafkaordertracking.events",
    "doc": "The cancel came too late (the parcel already left), so the saga must not treat the order as cancelled.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "shipmentId",
        "type": "string"
      },
      {
        "name": "status",
        "type": "string",
        "doc": "Shipping's own status at the time of the request; wider than ShipmentStatus."
      },
      {
        "name": "reason",
        "type": "string"
      }
    ]
  },
  ShipmentCancellationRequested: {
    "type": "record",
    "name": "ShipmentCancellationRequested",
    "namespace": "com.kafkaordertracking.events",
    "doc": "Compensation: the saga asks shipping to cancel the booking for the order.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "reason",
        "type": "string"
      }
    ]
  },
  ShipmentCancelled: {
    "type": "record",
    "name": "ShipmentCancelled",
    "namespace": "com.kafkaordertracking.events",
    "doc": "Shipping cancelled the booking, or confirms there was none to cancel.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "shipmentId",
        "type": [
          "null",
          "string"
        ],
        "default": null,
        "doc": "Null when no shipment had been booked yet."
      }
    ]
  },
  ShipmentFailed: {
    "type": "record",
    "name": "ShipmentFailed",
    "namespace": "com.kafkaordertracking.events",
    "doc": "No carrier could take the shipment; the saga compensates and cancels.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "reason",
        "type": "string"
      }
    ]
  },
  ShipmentRequested: {
    "type": "record",
    "name": "ShipmentRequested",
    "namespace": "com.kafkaordertracking.events",
    "doc": "The saga asks shipping to book a carrier for the order.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "recipient",
        "type": {
          "type": "record",
          "name": "ShippingAddress",
          "fields": [
            {
              "name": "name",
              "type": "string"
            },
            {
              "name": "address",
              "type": "string"
            },
            {
              "name": "city",
              "type": "string"
            },
            {
              "name": "state",
              "type": "string"
            },
            {
              "name": "zipCode",
              "type": "string"
            }
          ]
        }
      },
      {
        "name": "items",
        "type": {
          "type": "array",
          "items": {
            "type": "record",
            "name": "StockLine",
            "fields": [
              {
                "name": "productId",
                "type": "string"
              },
              {
                "name": "quantity",
                "type": "int"
              }
            ]
          }
        }
      },
      {
        "name": "attempt",
        "type": "int",
        "doc": "1 for the first request; incremented on each retry."
      }
    ]
  },
  ShipmentScheduled: {
    "type": "record",
    "name": "ShipmentScheduled",
    "namespace": "com.kafkaordertracking.events",
    "doc": "A carrier accepted the shipment.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "shipmentId",
        "type": "string"
      },
      {
        "name": "carrier",
        "type": "string"
      },
      {
        "name": "trackingNumber",
        "type": "string"
      },
      {
        "name": "estimatedDeliveryAt",
        "type": "long",
        "doc": "Epoch milliseconds."
      }
    ]
  },
  ShipmentStatusChanged: {
    "type": "record",
    "name": "ShipmentStatusChanged",
    "namespace": "com.kafkaordertracking.events",
    "doc": "The carrier reported progress for a scheduled shipment.",
    "fields": [
      {
        "name": "orderId",
        "type": "string"
      },
      {
        "name": "shipmentId",
        "type": "string"
      },
      {
        "name": "trackingNumber",
        "type": "string"
      },
      {
        "name": "status",
        "type": {
          "type": "enum",
          "name": "ShipmentStatus",
          "symbols": [
            "SHIPPED",
            "IN_TRANSIT",
            "OUT_FOR_DELIVERY",
            "DELIVERED"
          ]
        }
      },
      {
        "name": "location",
        "type": [
          "null",
          "string"
        ],
        "default": null,
        "doc": "Where the parcel was seen, when the carrier says."
      },
      {
        "name": "changedAt",
        "type": "long",
        "doc": "Epoch milliseconds, as reported by the carrier."
      }
    ]
  },
};
