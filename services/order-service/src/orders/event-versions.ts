import type { CancellationReason, EventType, OrderEvent } from '@kot/events';

/**
 * Every stored event says which version of its type's schema its data follows (events.schema_version).
 * Reading a stream upcasts older data step by step to the current version, so evolve and the deciders
 * only ever see the current shape. Bump a type's version when its schema changes (with the .avsc's
 * history) and add the upcaster from the previous version here.
 */
export const EVENT_SCHEMA_VERSIONS: Partial<Record<EventType, number>> = {
  OrderCancellationRequested: 2,
};

export const schemaVersionOf = (type: string): number => EVENT_SCHEMA_VERSIONS[type as EventType] ?? 1;

type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

const REASONS: readonly CancellationReason[] = [
  'OUT_OF_STOCK',
  'PAYMENT_DECLINED',
  'SHIPPING_FAILED',
  'CUSTOMER_REQUEST',
  'TIMEOUT',
];

/**
 * Version 1 of OrderCancellationRequested packed the cancellation into one string, "REASON: detail
 * [productId]"; version 2 carries code, detail and productId. Anything unrecognised was a customer's words.
 */
export function parseCancellationText(text: string): {
  code: CancellationReason;
  detail: string;
  productId: string | null;
} {
  const match = /^([A-Z_]+): (.*?)(?: \[([^\]]+)\])?$/s.exec(text);
  if (!match || !REASONS.includes(match[1] as CancellationReason))
    return { code: 'CUSTOMER_REQUEST', detail: text, productId: null };
  return { code: match[1] as CancellationReason, detail: match[2] ?? '', productId: match[3] ?? null };
}

/** `UPCASTERS[type][v]` turns version v data into version v + 1. */
const UPCASTERS: Partial<Record<EventType, Record<number, Upcaster>>> = {
  OrderCancellationRequested: {
    1: (data) => ({ ...data, ...parseCancellationText(String(data.reason ?? '')) }),
  },
};

/** The event with its data brought from `version` to the current version of its type. */
export function upcast(type: string, version: number, data: unknown): OrderEvent {
  let current = data as Record<string, unknown>;
  for (let v = version; v < schemaVersionOf(type); v += 1) {
    const step = UPCASTERS[type as EventType]?.[v];
    if (!step) throw new Error(`no upcaster for ${type} from version ${v}`);
    current = step(current);
  }
  return { type, data: current } as unknown as OrderEvent;
}
