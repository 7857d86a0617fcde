import { causedBy, type EventMetadata } from '../envelope';
import { claimInbox } from '../inbox';
import { outboxWriter } from '../outbox/outbox-writer';
import { silentLogger } from '../logger';
import { contextFromTraceparent, inSpan, SpanKind, traceparentOf } from '../tracing';
import type { SqlTx } from '@kot/postgres';
import type { OrderEvent } from '@kot/events';
import type { ConsumerOptions, MessageContext, Outcome } from './consumer-options';
import { deadLetter } from './park';
import type { Handleable } from './delivery';
import { backoffDelay, defaultRetryPolicy, isInfrastructureFailure, isTransientConflict } from './retry';
import { handlerFor, type HandlerContext } from './subscriptions';

const defaultRetriable = (error: unknown): boolean => (error as { retriable?: unknown })?.retriable !== false;
const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs work for one event inside its log context and a `process <Type>` span; the work sees the span
 * as the trace parent of every event it emits, so traces chain from service to service.
 */
export function inMessageScope<Tx extends SqlTx, T>(
  options: ConsumerOptions<Tx>,
  item: Handleable,
  work: (metadata: EventMetadata) => Promise<T>,
): Promise<T> {
  const { delivery, event, metadata } = item;
  const context: MessageContext = {
    correlationId: metadata.correlationId,
    orderId: event.data.orderId,
    eventId: metadata.eventId,
    eventType: event.type,
  };
  const run = options.runInContext ?? ((_ctx, w) => w());
  return run(context, () =>
    inSpan(
      `process ${event.type}`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextFromTraceparent(metadata.traceparent),
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': delivery.topic,
          'messaging.consumer.group.name': options.groupId,
          'messaging.kafka.partition': delivery.partition,
          'messaging.kafka.offset': delivery.message.offset,
          'messaging.message.id': metadata.eventId,
          'messaging.message.conversation_id': metadata.correlationId,
          'kot.order_id': event.data.orderId,
        },
      },
      (span) => work({ ...metadata, traceparent: traceparentOf(span, metadata.traceparent) }),
    ),
  );
}

/** Runs the event's handler in the caller's transaction; emitted events go to the outbox of that transaction. */
export async function runHandler<Tx extends SqlTx>(
  options: ConsumerOptions<Tx>,
  tx: Tx,
  event: OrderEvent,
  metadata: EventMetadata,
): Promise<void> {
  const handler = handlerFor(options.subscriptions, event);
  if (!handler) return;
  const context: HandlerContext<Tx> = {
    tx,
    metadata,
    emit: async (...events: OrderEvent[]) => {
      await outboxWriter(options).append(tx, causedBy(metadata), events);
    },
  };
  await handler(event, context);
}

/** After a commit: metrics, and one log line per handled event inside its context (grep a correlation id). */
export function recordHandled<Tx extends SqlTx>(
  options: ConsumerOptions<Tx>,
  item: Handleable,
  outcome: Outcome,
  seconds: number,
): void {
  const { event, metadata } = item;
  options.metrics?.handlerDuration.observe({ type: event.type, group: options.groupId }, seconds);
  options.metrics?.eventsConsumed.inc({ type: event.type, outcome, group: options.groupId });
  const log = () =>
    (options.logger ?? silentLogger).info(
      {
        eventType: event.type,
        eventId: metadata.eventId,
        producer: metadata.producer,
        outcome,
        ms: Math.round(seconds * 1000),
      },
      'event handled',
    );
  const run = options.runInContext ?? ((_ctx, w) => w());
  void run(
    {
      correlationId: metadata.correlationId,
      orderId: event.data.orderId,
      eventId: metadata.eventId,
      eventType: event.type,
    },
    async () => log(),
  );
}

/**
 * One event in its own transaction with bounded retries and backoff; a handler that keeps failing (or
 * rejects the event) is dead-lettered. Failures that are not the event's fault are thrown back to Kafka
 * instead, which hands the event back later: our own infrastructure being away, and a deadlock or
 * serialization failure, which always succeeds on some later try (parking it would lose, say, an
 * OrderDelivered's stock commit for good).
 */
export async function handleOne<Tx extends SqlTx>(options: ConsumerOptions<Tx>, item: Handleable): Promise<void> {
  const policy = options.retry ?? defaultRetryPolicy;
  const isRetriable = options.isRetriable ?? defaultRetriable;
  const logger = options.logger ?? silentLogger;
  for (let attempt = 1; ; attempt += 1) {
    const started = process.hrtime.bigint();
    try {
      const outcome = await inMessageScope(options, item, (metadata) =>
        options.transaction(async (tx): Promise<Outcome> => {
          if (!(await claimInbox(tx, options.schema, options.groupId, metadata.eventId, item.event.type)))
            return 'duplicate';
          await options.subscriptions.lockPlan?.(tx, [item.event]);
          await runHandler(options, tx, item.event, metadata);
          return 'processed';
        }),
      );
      recordHandled(options, item, outcome, Number(process.hrtime.bigint() - started) / 1e9);
      return;
    } catch (error) {
      const notTheEvents = isInfrastructureFailure(error) || isTransientConflict(error);
      const retriable = notTheEvents || isRetriable(error);
      logger.warn(
        { err: error, attempt, eventType: item.event.type, eventId: item.metadata.eventId, retriable },
        'event handler failed',
      );
      if (retriable && attempt < policy.attempts) {
        await (options.sleep ?? defaultSleep)(backoffDelay(policy, attempt));
        await item.delivery.heartbeat();
        continue;
      }
      if (notTheEvents) throw error;
      return deadLetter(
        options,
        item.delivery,
        retriable ? 'retries-exhausted' : 'handler-rejected',
        error,
        item.event.type,
      );
    }
  }
}
