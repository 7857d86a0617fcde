import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { createEventCodec, type EventCodec } from '@kot/events';
import type { Database, PgTx } from '@kot/postgres';
import { runConsumer, type ConsumerOptions, type RunningConsumer } from './consumer/run-consumer';
import type { Subscriptions } from './consumer/subscriptions';
import { createKafka, RenewingProducer, unconnectedProducer } from './kafka';
import type { Logger } from './logger';
import { messagingMetrics, type MessagingMetrics } from './metrics';
import { OutboxRelay, type OutboxRelayEnv } from './outbox/outbox-relay';
import {
  HousekeepingWorker,
  housekeepingSettings,
  type HousekeepingEnv,
  type HousekeepingSettings,
} from './housekeeping/housekeeping';
import { StartLoop } from './start-loop';

export interface MessagingConfig {
  service: string;
  /** The service's Postgres schema holding its inbox and outbox. */
  schema: string;
  groupId: string;
  brokers: string[];
  registryUrl: string;
  topic: string;
  deadLetterTopic: string;
  /** Retention of published outbox rows and processed event ids, and how often the purge runs. */
  housekeeping?: HousekeepingSettings;
  /** Rows and bytes per relay send; the bytes stay below the topic's max.message.bytes (see DEFAULT_MAX_BATCH_BYTES). */
  outbox?: { batchSize?: number; maxBatchBytes?: number };
}

/** The messaging variables every service's config carries (service-kit's commonServiceEnv). */
export interface MessagingEnv extends HousekeepingEnv, OutboxRelayEnv {
  KAFKA_GROUP_ID: string;
  KAFKA_BROKERS: string[];
  SCHEMA_REGISTRY_URL: string;
  KAFKA_TOPIC: string;
  KAFKA_DLQ_TOPIC: string;
}

/** Maps a service's parsed config onto the runtime's options; `groupId` overrides the configured group (replays). */
export function messagingConfig(
  env: MessagingEnv,
  service: string,
  schema: string,
  groupId = env.KAFKA_GROUP_ID,
): MessagingConfig {
  return {
    service,
    schema,
    groupId,
    brokers: env.KAFKA_BROKERS,
    registryUrl: env.SCHEMA_REGISTRY_URL,
    topic: env.KAFKA_TOPIC,
    deadLetterTopic: env.KAFKA_DLQ_TOPIC,
    housekeeping: housekeepingSettings(env),
    outbox: { batchSize: env.OUTBOX_BATCH_SIZE, maxBatchBytes: env.OUTBOX_MAX_BATCH_BYTES },
  };
}

export interface MessagingRuntimeOptions extends MessagingConfig {
  /**
   * The service's one database (createDatabase in app.ts): handlers run in its transactions, and the
   * outbox, inbox, relay and housekeeping use its pool.
   */
  database: Database;
  logger: Logger;
  registry: Registry;
  subscriptions: Subscriptions<PgTx>;
  consumer?: Partial<
    Pick<
      ConsumerOptions<PgTx>,
      | 'isRetriable'
      | 'runInContext'
      | 'retry'
      | 'partitionsConsumedConcurrently'
      | 'maxEventsPerTransaction'
      | 'onCommitted'
      | 'clock'
      | 'ids'
    >
  >;
}

export interface ReadinessProbe {
  name: string;
  check: () => Promise<void>;
}

/** Everything a service needs to take part in the event flow, built the same way for all five. */
export interface MessagingRuntime {
  kafka: Kafka;
  producer: RenewingProducer;
  codec: EventCodec;
  relay: OutboxRelay;
  housekeeping: HousekeepingWorker;
  metrics: MessagingMetrics;
  readiness: ReadinessProbe[];
  /** Starts the outbox relay, then the consumer (so replies can flow as soon as events arrive). */
  start(): Promise<void>;
  /** Stops consuming, flushes the outbox, then closes Kafka connections (the database is the service's to close). */
  stop(): Promise<void>;
}

export async function createMessagingRuntime(options: MessagingRuntimeOptions): Promise<MessagingRuntime> {
  const { logger, service, schema, topic } = options;
  const metrics = messagingMetrics(options.registry);
  const { pool, listenConnection } = options.database;
  const kafka = createKafka({ clientId: service, brokers: options.brokers, logger });
  // The relay's and the dead letters' producer, replaced after any failed send (see RenewingProducer).
  const producer = new RenewingProducer(() => unconnectedProducer(kafka));
  const codec = createEventCodec({ registryUrl: options.registryUrl, topic });
  const relay = new OutboxRelay({
    ...options.outbox,
    pool,
    listenConnection,
    schema,
    producer,
    codec,
    topic,
    logger,
    metrics,
  });
  const housekeeping = new HousekeepingWorker({
    ...housekeepingSettings({}),
    ...options.housekeeping,
    pool,
    schema,
    logger,
    clock: options.consumer?.clock,
  });
  let consumer: RunningConsumer | null = null;
  const connect = async (): Promise<void> => {
    await producer.connect();
    await relay.start();
    await consumer?.stop().catch(() => undefined); // the crashed one, when restarting
    consumer = await runConsumer({
      ...options.consumer,
      kafka,
      groupId: options.groupId,
      topic,
      deadLetterTopic: options.deadLetterTopic,
      codec,
      producer,
      schema,
      service,
      subscriptions: options.subscriptions,
      transaction: options.database.transaction,
      logger,
      metrics,
    });
    // kafkajs restarts the consumer after retriable failures; anything else would leave it dead.
    const { consumer: kafkaConsumer } = consumer;
    kafkaConsumer.on(kafkaConsumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) loop.restart(payload.error);
    });
  };
  const loop: StartLoop = new StartLoop({
    logger,
    attempt: connect,
    undo: async () => {
      await consumer?.stop();
    },
  });

  const readiness: ReadinessProbe[] = [
    {
      name: 'postgres',
      check: () => options.database.ping(),
    },
    // No retries: a probe answers now, and an outage must not pile up admins retrying in the background.
    {
      name: 'kafka',
      check: async () => {
        const admin = kafka.admin({ retry: { retries: 0 } });
        await admin.connect();
        try {
          await admin.describeCluster();
        } finally {
          await admin.disconnect();
        }
      },
    },
    {
      name: 'schema-registry',
      check: async () => {
        await codec.schemaIdOf('OrderPlaced');
      },
    },
    { name: 'consumer', check: async () => loop.check() },
  ];

  return {
    kafka,
    producer,
    codec,
    relay,
    housekeeping,
    metrics,
    readiness,
    // Resolves once connected; until then it retries with backoff and the 'consumer' probe says why.
    start: () => {
      housekeeping.start();
      return loop.start();
    },
    async stop() {
      loop.stop();
      await consumer?.stop();
      await relay.stop();
      await housekeeping.stop();
      await producer.disconnect();
    },
  };
}
