import type { EventOf, EventType, OrderEvent } from '@kot/events';

/**
 * What the order's stream may hold, named from two lists rather than taken as the whole public contract:
 * the saga's own decisions, and the events of other services it records (replies to its requests, and
 * notifications, kept for the timeline). Together they happen to cover all 26 public events today; a new
 * public event joins the stream only when it is added to one of these lists.
 */
export const DECIDED_EVENT_TYPES = [
  'OrderPlaced',
  'InventoryReservationRequested',
  'PaymentAuthorized',
  'PaymentDeclined',
  'InventoryConfirmationRequested',
  'ShipmentRequested',
  'OrderConfirmed',
  'OrderShipped',
  'OrderDelivered',
  'OrderCancellationRequested',
  'ShipmentCancellationRequested',
  'PaymentRefunded',
  'InventoryReleaseRequested',
  'OrderCancelled',
] as const satisfies readonly EventType[];

/** Events of other services that move an order's saga or belong on its timeline (the subscriptions). */
export const OBSERVED_EVENT_TYPES = [
  'InventoryReserved',
  'InventoryReservationRejected',
  'InventoryConfirmed',
  'InventoryReleased',
  'InventoryCommitted',
  'ShipmentScheduled',
  'ShipmentFailed',
  'ShipmentStatusChanged',
  'ShipmentCancelled',
  'ShipmentCancellationRejected',
  'NotificationSent',
  'NotificationFailed',
] as const satisfies readonly EventType[];

/** What decide can emit: only the saga's own events, never one another service owns. */
export type DecidedEvent = EventOf<(typeof DECIDED_EVENT_TYPES)[number]>;
/** What an Observe command can carry, and the runner records beside the decision it causes. */
export type ObservedEvent = EventOf<(typeof OBSERVED_EVENT_TYPES)[number]>;
export type StreamEvent = DecidedEvent | ObservedEvent;

/**
 * An event with the time it happened: evolve needs it (a request starts a reply clock) and takes no
 * clock of its own. decide stamps its events with the command's `now`; an event read back from the
 * stream, or just appended to it, carries its occurred_at.
 */
export type Timed<E extends StreamEvent> = E extends unknown ? E & { at: number } : never;

/** The order decider's Event: a stream event and when it happened. */
export type OrderStreamEvent = Timed<StreamEvent>;

export function timed<E extends StreamEvent>(event: E, at: number): Timed<E> {
  return { ...event, at } as Timed<E>;
}

/** The public event, as the outbox publishes it (the time goes into its metadata instead). */
export function untimed(event: Timed<DecidedEvent>): OrderEvent {
  return { type: event.type, data: event.data } as OrderEvent;
}

const observed: ReadonlySet<string> = new Set(OBSERVED_EVENT_TYPES);

export const isObserved = (event: OrderEvent): event is ObservedEvent => observed.has(event.type);
