import {
  outboxWriter,
  causedBy,
  type Cause,
  type Clock,
  type EventMetadata,
  type IdGenerator,
  type OutgoingEvent,
} from '@kot/messaging';
import { type Database, type PgTx } from '@kot/postgres';
import { ConcurrencyError, foldEvents } from '@kot/service-kit';
import { timed, untimed, type ObservedEvent } from '../saga/order.events';
import type { OrderState } from '../saga/order.state';
import type { SagaCommand } from '../saga/saga.commands';
import { orderDecider } from '../saga/saga.decide';
import type { SagaPolicy } from '../saga/saga.policy';
import { appendToStream, latestMetadata, loadState } from './event-store';
import { projectOrder } from './order-projection';
import type { SagaMetrics } from './saga-metrics';
import { ORDER_SCHEMA, ORDER_SERVICE } from '../service';

export interface SagaDeps {
  policy: SagaPolicy;
  clock: Clock;
  ids: IdGenerator;
  metrics?: SagaMetrics;
}

export interface Applied {
  state: OrderState;
  emitted: OutgoingEvent[];
}

/** An event from another service, appended to the order's stream with its own identity. */
export interface Observed {
  event: ObservedEvent;
  metadata: EventMetadata;
}

/**
 * One saga step in the caller's transaction: load the state, decide, append (the observed event too),
 * put the new events in the outbox and refresh the read model. All of it commits or none of it does.
 */
export async function handleCommand(
  tx: PgTx,
  deps: SagaDeps,
  orderId: string,
  command: SagaCommand,
  cause: Cause,
  observed?: Observed,
): Promise<Applied> {
  const decider = orderDecider(deps.policy, orderId);
  const state = await loadState(tx, orderId);
  if (observed && state.status === 'NEW') return { state, emitted: [] }; // not an order of ours
  const reactions = decider.decide(command, state);
  if (!observed && reactions.length === 0) return { state, emitted: [] };
  const emitted = await outboxWriter({
    schema: ORDER_SCHEMA,
    service: ORDER_SERVICE,
    clock: deps.clock,
    ids: deps.ids,
  }).append(tx, cause, reactions.map(untimed));
  const stored = observed ? [observed, ...emitted] : emitted;
  await appendToStream(tx, orderId, state.version, stored);
  // Folded with the time the stream records for each event (occurred_at), so the snapshot written below
  // is exactly what a replay of the stream gives.
  const next = foldEvents(
    decider,
    stored.map((e) => timed(e.event, e.metadata.occurredAt)),
    state,
  );
  const at = stored[stored.length - 1]?.metadata.occurredAt ?? deps.clock.now();
  await projectOrder(tx, next, { policy: deps.policy, correlationId: cause.correlationId, at });
  tx.afterCommit(() => deps.metrics?.finished(state, next, at)); // a retried or split attempt never counts a saga twice
  return { state: next, emitted };
}

/** The cause of follow-up work on an existing order: its latest event, keeping correlation and trace. */
export async function causeOfLatest(db: PgTx, orderId: string): Promise<Cause | null> {
  const metadata: EventMetadata | null = await latestMetadata(db, orderId);
  return metadata ? causedBy(metadata) : null;
}

/**
 * Runs a command in its own transaction, retrying when another writer got to the order first. Each
 * retry reloads the stream, so the decision is made on the latest state, never on a stale one.
 */
export async function executeCommand(
  sql: Database,
  deps: SagaDeps,
  orderId: string,
  command: SagaCommand,
  cause: Cause,
  attempts = 5,
): Promise<Applied> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await sql.transaction((tx) => handleCommand(tx, deps, orderId, command, cause));
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= attempts) throw error;
    }
  }
}
