// How one order's lifecycle events move its analytics record: a projection, the decider shape without
// commands (`evolve` and `initialState`). Pure: the consumer and the rebuild feed it the same events
// in the same per-order order and get the same rows. Events of one order arrive in order (one
// partition), so a step backwards or anything after the end is a redelivery under a new event id and
// changes nothing.
import { assertNever } from '@kot/service-kit';
import type { CancellationReason, EventOf, OrderLine } from '@kot/events';
import type { Decider } from '@kot/service-kit';

export type OrderStatus = 'PLACED' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';
export const ORDER_STATUSES: readonly OrderStatus[] = ['PLACED', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'];

export interface OrderFact {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  currency: string;
  totalMinor: number;
  placedAt: number;
  finishedAt: number | null;
  cancelReason: CancellationReason | null;
  durationMs: number | null;
}

export const LIFECYCLE_EVENT_TYPES = [
  'OrderPlaced',
  'OrderConfirmed',
  'OrderShipped',
  'OrderDelivered',
  'OrderCancelled',
] as const;
export type LifecycleEvent = EventOf<(typeof LIFECYCLE_EVENT_TYPES)[number]>;

/**
 * A lifecycle event as the projection folds it: with when it happened by its producer's clock (the
 * occurred-at header; 0 means unknown). OrderCancelled carries no time of its own and needs it. Never
 * the consumer's clock, so a replay months later computes the same durations.
 */
export type RecordedLifecycleEvent = LifecycleEvent & { occurredAt: number };

export const recorded = (event: LifecycleEvent, occurredAt: number): RecordedLifecycleEvent => ({
  ...event,
  occurredAt,
});

/** No record until the order's OrderPlaced has been folded. */
export type OrderFactState = OrderFact | null;

export type FactChange =
  | { kind: 'unchanged'; why: 'unknown-order' | 'already-placed' | 'not-forward' | 'already-finished' }
  | { kind: 'placed'; fact: OrderFact; lines: OrderLine[] }
  | { kind: 'progressed'; fact: OrderFact }
  | { kind: 'delivered'; fact: OrderFact }
  | { kind: 'cancelled'; fact: OrderFact };

const RANK: Record<OrderStatus, number> = { PLACED: 0, CONFIRMED: 1, SHIPPED: 2, DELIVERED: 3, CANCELLED: 3 };
const isFinished = (fact: OrderFact) => RANK[fact.status] === 3;

export function isLifecycleEvent(event: { type: string }): event is LifecycleEvent {
  return (LIFECYCLE_EVENT_TYPES as readonly string[]).includes(event.type);
}

function placed(event: EventOf<'OrderPlaced'>): FactChange {
  const { orderId, customer, currency, totalMinor, placedAt, items } = event.data;
  const fact: OrderFact = {
    orderId,
    customerId: customer.customerId,
    status: 'PLACED',
    currency,
    totalMinor,
    placedAt,
    finishedAt: null,
    cancelReason: null,
    durationMs: null,
  };
  return { kind: 'placed', fact, lines: items };
}

function progressed(current: OrderFact, status: 'CONFIRMED' | 'SHIPPED'): FactChange {
  if (isFinished(current)) return { kind: 'unchanged', why: 'already-finished' };
  if (RANK[status] <= RANK[current.status]) return { kind: 'unchanged', why: 'not-forward' };
  return { kind: 'progressed', fact: { ...current, status } };
}

/** Clocks of different services can disagree by a little; a saga never takes negative time. */
const durationBetween = (from: number, to: number | null) => (to === null ? null : Math.max(0, to - from));

function finished(
  current: OrderFact,
  status: 'DELIVERED' | 'CANCELLED',
  at: number | null,
  reason: CancellationReason | null,
): FactChange {
  if (isFinished(current)) return { kind: 'unchanged', why: 'already-finished' };
  const fact: OrderFact = {
    ...current,
    status,
    finishedAt: at,
    cancelReason: reason,
    durationMs: durationBetween(current.placedAt, at),
  };
  return status === 'DELIVERED' ? { kind: 'delivered', fact } : { kind: 'cancelled', fact };
}

/**
 * What folding `event` does to the record, for the infrastructure: the row to insert or update and the
 * metrics to move, or why nothing changes.
 */
export function changeOf(current: OrderFactState, event: RecordedLifecycleEvent): FactChange {
  if (event.type === 'OrderPlaced') return current ? { kind: 'unchanged', why: 'already-placed' } : placed(event);
  if (!current) return { kind: 'unchanged', why: 'unknown-order' };
  switch (event.type) {
    case 'OrderConfirmed':
      return progressed(current, 'CONFIRMED');
    case 'OrderShipped':
      return progressed(current, 'SHIPPED');
    case 'OrderDelivered':
      return finished(current, 'DELIVERED', event.data.deliveredAt, null);
    case 'OrderCancelled':
      return finished(current, 'CANCELLED', event.occurredAt > 0 ? event.occurredAt : null, event.data.reason);
    default:
      return assertNever(event);
  }
}

export const initialState = (): OrderFactState => null;

/** Folds one event into the record; `changeOf` is the one place the rules live. */
export function evolve(state: OrderFactState, event: RecordedLifecycleEvent): OrderFactState {
  const change = changeOf(state, event);
  return change.kind === 'unchanged' ? state : change.fact;
}

/** The projection in the decider shape (it answers no commands), so `foldEvents` replays a history. */
export const orderFactProjection: Pick<
  Decider<never, OrderFactState, RecordedLifecycleEvent>,
  'evolve' | 'initialState'
> = { evolve, initialState };
