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

/** A service's subscription table: event type → thin handler. Types it does not list are skipped. */
export type Subscriptions<Tx> = { [K in EventType]?: EventHandler<EventOf<K>, Tx> };

export function handlerFor<Tx>(subscriptions: Subscriptions<Tx>, event: OrderEvent): EventHandler<OrderEvent, Tx> | undefined {
  return subscriptions[event.type] as EventHandler<OrderEvent, Tx> | undefined;
}
