import type { Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import { PoisonMessageError, type EventCodec, type OrderEvent } from '@kot/events';
import type { SqlTx, TransactionRunner } from '../db/sql';
import { causedBy, fromKafkaHeaders, newMetadata, systemClock, uuidGenerator, type Clock, type EventMetadata, type IdGenerator } from '../envelope';
import { claimInbox } from '../inbox';
import { appendToOutbox } from '../outbox/outbox-writer';
import { silentLogger, type Logger } from '../logger';
import type { MessagingMetrics } from '../metrics';
import { sendToDeadLetter } from './dead-letter';
import { backoffDelay, defaultRetryPolicy, isInfrastructureFailure, type RetryPolicy } from './retry';
import { handlerFor, type Subscriptions } from './subscriptions';
import { ConsumerLagMonitor } from './consumer-lag';
import { contextFromTraceparent, inSpan, SpanKind, traceparentOf } from '../tracing';

export interface MessageContext { correlationId: string; orderId: string; eventId: string; eventType: string }

export interface ConsumerOptions<Tx extends SqlTx> {
  kafka: Kafka;
  groupId: string;
  topic: string;
  deadLetterTopic: string;
  codec: EventCodec;
  /** Used only to park messages on the dead-letter topic. */
  producer: Producer;
  /** The service's Postgres schema, where its inbox and outbox tables live. */
  schema: string;
  service: string;
  subscriptions: Subscriptions<Tx>;
  transaction: TransactionRunner<Tx>;
  retry?: RetryPolicy;
  /** Business errors say whether a retry could help; unknown errors are retried. */
  isRetriable?: (error: unknown) => boolean;
  /** Lets the service put correlation/order ids into its log context while a message is handled. */
  runInContext?: <T>(context: MessageContext, work: () => Promise<T>) => Promise<T>;
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  clock?: Clock;
  ids?: IdGenerator;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  metrics?: MessagingMetrics;
  /** How often `kafka_consumer_lag` is read from the committed offsets (default 15 s; 0 = only after batches). */
  lagIntervalMs?: number;
}

export interface RunningConsumer {
  consumer: Consumer;
  stop(): Promise<void>;
}

type Outcome = 'processed' | 'duplicate';

const defaultRetriable = (error: unknown): boolean => (error as { retriable?: unknown })?.retriable !== false;
const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one consumer loop every service uses: decode → inbox → handler (+ outbox) in one transaction,
 * bounded retries with backoff, dead-letter for poison and for handlers that keep failing. When our own
 * infrastructure is down the error goes back to Kafka, which restarts the consumer at the same offset.
 */
export async function runConsumer<Tx extends SqlTx>(options: ConsumerOptions<Tx>): Promise<RunningConsumer> {
  const consumer = options.kafka.consumer({ groupId: options.groupId, retry: { retries: 8 } });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning ?? true });
  const lag = startLagMonitor(options, consumer);
  await consumer.run({
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
    eachMessage: (payload) => handleMessage(options, payload),
  });
  return { consumer, stop: async () => { await lag?.stop(); await consumer.disconnect(); } };
}

function startLagMonitor<Tx extends SqlTx>(options: ConsumerOptions<Tx>, consumer: Consumer): ConsumerLagMonitor | null {
  if (!options.metrics) return null;
  const intervalMs = options.lagIntervalMs ?? 15_000;
  const monitor = new ConsumerLagMonitor({ kafka: options.kafka, consumer, groupId: options.groupId, topic: options.topic, metrics: options.metrics, intervalMs: intervalMs > 0 ? intervalMs : 2 ** 31 - 1, logger: options.logger });
  monitor.start();
  return monitor;
}

async function handleMessage<Tx extends SqlTx>(options: ConsumerOptions<Tx>, payload: EachMessagePayload): Promise<void> {
  const { message } = payload;
  const metadata = fromKafkaHeaders(message.headers);
  if (!metadata) return deadLetter(options, payload, 'missing-event-id', new Error('message has no event-id header'), 'unknown');
  let event: OrderEvent;
  try {
    event = await options.codec.decode(message.value ?? Buffer.alloc(0));
  } catch (error) {
    if (error instanceof PoisonMessageError) return deadLetter(options, payload, 'undecodable', error, 'unknown');
    throw error;
  }
  const handler = handlerFor(options.subscriptions, event);
  if (!handler) {
    options.metrics?.eventsConsumed.inc({ type: event.type, outcome: 'ignored', group: options.groupId });
    return;
  }
  const context: MessageContext = { correlationId: metadata.correlationId, orderId: event.data.orderId, eventId: metadata.eventId, eventType: event.type };
  const run = options.runInContext ?? ((_ctx, work) => work());
  await run(context, () => inSpan(`process ${event.type}`, {
    kind: SpanKind.CONSUMER,
    parent: contextFromTraceparent(metadata.traceparent),
    attributes: {
      'messaging.system': 'kafka', 'messaging.operation.type': 'process', 'messaging.destination.name': payload.topic,
      'messaging.consumer.group.name': options.groupId, 'messaging.kafka.partition': payload.partition,
      'messaging.kafka.offset': payload.message.offset, 'messaging.message.id': metadata.eventId,
      'messaging.message.conversation_id': metadata.correlationId, 'kot.order_id': event.data.orderId,
    },
  }, (span) => {
    // The handler (and every event it emits) sees this span as its trace parent, so traces chain from
    // service to service; without an SDK the span carries the incoming context and nothing changes.
    return handleWithRetries(options, payload, event, { ...metadata, traceparent: traceparentOf(span, metadata.traceparent) });
  }));
}

async function handleWithRetries<Tx extends SqlTx>(options: ConsumerOptions<Tx>, payload: EachMessagePayload, event: OrderEvent, metadata: EventMetadata): Promise<void> {
  const policy = options.retry ?? defaultRetryPolicy;
  const isRetriable = options.isRetriable ?? defaultRetriable;
  const logger = options.logger ?? silentLogger;
  for (let attempt = 1; ; attempt += 1) {
    const started = process.hrtime.bigint();
    try {
      const outcome = await handleOnce(options, event, metadata);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      options.metrics?.handlerDuration.observe({ type: event.type, group: options.groupId }, seconds);
      options.metrics?.eventsConsumed.inc({ type: event.type, outcome, group: options.groupId });
      // One line per handled event, inside the message's context: grepping a correlation id across the
      // services' logs then shows an order's whole story.
      logger.info({ eventType: event.type, eventId: metadata.eventId, producer: metadata.producer, outcome, ms: Math.round(seconds * 1000) }, 'event handled');
      return;
    } catch (error) {
      const retriable = isRetriable(error) || isInfrastructureFailure(error);
      logger.warn({ err: error, attempt, eventType: event.type, eventId: metadata.eventId, retriable }, 'event handler failed');
      if (retriable && attempt < policy.attempts) {
        await (options.sleep ?? defaultSleep)(backoffDelay(policy, attempt));
        await payload.heartbeat();
        continue;
      }
      if (isInfrastructureFailure(error)) throw error;
      return deadLetter(options, payload, retriable ? 'retries-exhausted' : 'handler-rejected', error, event.type);
    }
  }
}

async function handleOnce<Tx extends SqlTx>(options: ConsumerOptions<Tx>, event: OrderEvent, metadata: EventMetadata): Promise<Outcome> {
  const handler = handlerFor(options.subscriptions, event);
  return options.transaction(async (tx) => {
    const fresh = await claimInbox(tx, options.schema, options.groupId, metadata.eventId, event.type);
    if (!fresh || !handler) return 'duplicate';
    const emit = async (...events: OrderEvent[]): Promise<void> => {
      const cause = causedBy(metadata);
      const outgoing = events.map((e) => ({ event: e, metadata: newMetadata(cause, options.service, options.clock ?? systemClock, options.ids ?? uuidGenerator) }));
      await appendToOutbox(tx, options.schema, outgoing);
    };
    await handler(event, { tx, metadata, emit });
    return 'processed';
  });
}

async function deadLetter<Tx extends SqlTx>(options: ConsumerOptions<Tx>, payload: EachMessagePayload, reason: string, error: unknown, type: string): Promise<void> {
  (options.logger ?? silentLogger).error({ err: error, reason, partition: payload.partition, offset: payload.message.offset }, 'message dead-lettered');
  await sendToDeadLetter(options.producer, options.deadLetterTopic, { topic: payload.topic, partition: payload.partition, message: payload.message, groupId: options.groupId, reason, error });
  options.metrics?.deadLettered.inc({ type, reason });
  options.metrics?.eventsConsumed.inc({ type, outcome: 'dead_lettered', group: options.groupId });
}
