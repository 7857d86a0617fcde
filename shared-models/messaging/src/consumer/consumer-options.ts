import type { Kafka } from 'kafkajs';
import type { MessageSender } from '../kafka';
import type { EventCodec, EventType } from '@kot/events';
import type { SqlTx, TransactionRunner } from '@kot/postgres';
import type { Clock, IdGenerator } from '../envelope';
import type { Logger } from '../logger';
import type { MessagingMetrics } from '../metrics';
import type { RetryPolicy } from './retry';
import type { Subscriptions } from './subscriptions';

export interface MessageContext {
  correlationId: string;
  orderId: string;
  eventId: string;
  eventType: string;
}

export interface ConsumerOptions<Tx extends SqlTx> {
  kafka: Kafka;
  groupId: string;
  topic: string;
  deadLetterTopic: string;
  codec: EventCodec;
  /** Used only to park messages on the dead-letter topic. */
  producer: MessageSender;
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
  /** Called after handled events committed (e.g. to wake a worker that has new work in the database). */
  onCommitted?: (types: ReadonlySet<EventType>) => void;
  partitionsConsumedConcurrently?: number;
  /** Most events handled in one database transaction (default 100; 1 = one transaction per event). */
  maxEventsPerTransaction?: number;
  fromBeginning?: boolean;
  clock?: Clock;
  ids?: IdGenerator;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  metrics?: MessagingMetrics;
  /** How often `kafka_consumer_lag` is read from the committed offsets (default 15 s; 0 = only after batches). */
  lagIntervalMs?: number;
}

export type Outcome = 'processed' | 'duplicate';
