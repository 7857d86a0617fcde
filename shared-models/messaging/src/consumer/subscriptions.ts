import type { EventOf, EventType, OrderEvent } from '@kot/events';
import type { EventMetadata } from '../envelope';

/** What a handler gets besides its event: the open transaction and a way to emit follow-up events. */
export interface HandlerContext<Tx> {
  tx: Tx;
  metadata: EventMetadata;
  /** Appends events to the outbox in the same transaction, caused by the event being handled. */
  emit(...events: OrderEvent[]): Promise<void>;
}

export type EventHandler<E extends OrderEvent, Tx> = (event: E, context: HandlerContext<Tx>) => Promise<void>;

/**
 * Takes, before any handler of a transaction runs, the row locks those handlers will take for all of its
 * events. Why: a transaction handles a batch of one partition, and handlers lock per event, so two partitions'
 * transactions can take the same rows in opposite orders and deadlock. A plan that takes them all at once,
 * sorted, gives every transaction one global lock order. Called with the not-yet-processed events, in order.
 */
export type LockPlan<Tx> = (tx: Tx, events: readonly OrderEvent[]) => Promise<void>;

/** A service's subscription table: event type → thin handler (types it does not list are skipped), and its lock plan if any. */
export type Subscriptions<Tx> = { [K in EventType]?: EventHandler<EventOf<K>, Tx> } & { lockPlan?: LockPlan<Tx> };

export function handlerFor<Tx>(
  subscriptions: Subscriptions<Tx>,
  event: OrderEvent,
): EventHandler<OrderEvent, Tx> | undefined {
  return subscriptions[event.type] as EventHandler<OrderEvent, Tx> | undefined;
}
