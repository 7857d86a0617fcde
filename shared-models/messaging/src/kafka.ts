import { Kafka, logLevel, Partitioners, type ConsumerConfig, type Producer, type ProducerRecord } from 'kafkajs';
import type { Logger } from './logger';

export interface KafkaOptions {
  clientId: string;
  brokers: string[];
  logger: Logger;
}

const levelName: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose own log lines go through the service logger (JSON, with context). */
export function createKafka({ clientId, brokers, logger }: KafkaOptions): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    // Capped so a client waiting for a broker that comes back notices within seconds, not minutes.
    retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 10 },
    logCreator:
      () =>
      ({ namespace, level, log }) => {
        const { message, ...extra } = log;
        logger[levelName[level] ?? 'info']({ namespace, ...extra }, String(message));
      },
  });
}

/**
 * The producer for outbox relays and dead letters: idempotent (no broker-side duplicates on retry),
 * acks from all in-sync replicas, and one request in flight so retries cannot reorder an order's events.
 * The partitioner is named although it is kafkajs 2's default (murmur2 of the key, as Java clients place
 * keys): that keeps an order's events on the partition other clients expect and silences kafkajs's
 * "switched default partitioner" warning at every start.
 * Not connected here: the runtime connects it in start(), so a service boots while Kafka is down.
 */
export function unconnectedProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

/** What the outbox relay needs of a producer: sending (a kafkajs Producer is one). */
export interface MessageSender {
  send(record: ProducerRecord): Promise<unknown>;
}

/**
 * The relay's producer, replaced by a new one after any failed send. kafkajs rolls an idempotent
 * producer's sequence numbers back when a produce request fails, also when the broker wrote the batch
 * before the connection dropped (a broker killed mid-request). The next send under the same producer id
 * then reuses those numbers, and a batch of the same size is acknowledged as a duplicate of the earlier
 * one without being written: another relay instance had published the earlier rows meanwhile, so the
 * events of this batch were lost (the scale-out fault run lost two orders' events that way). A new
 * producer gets a new producer id from the broker, and nothing it sends can match an earlier batch.
 */
export class RenewingProducer implements MessageSender {
  private producer: Promise<Producer> | null = null;

  constructor(private readonly create: () => Producer) {}

  /** Connects now (a service start fails fast while Kafka is away), or returns the connected one. */
  connect(): Promise<Producer> {
    this.producer ??= this.connectNew();
    return this.producer;
  }

  async send(record: ProducerRecord): Promise<unknown> {
    const current = this.connect();
    const producer = await current;
    try {
      return await producer.send(record);
    } catch (error) {
      if (this.producer === current) this.producer = null;
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    const current = this.producer;
    this.producer = null;
    await (await current?.catch(() => null))?.disconnect();
  }

  private async connectNew(): Promise<Producer> {
    const producer = this.create();
    try {
      await producer.connect();
      return producer;
    } catch (error) {
      this.producer = null;
      throw error;
    }
  }
}

/**
 * Group membership timing of the service consumers (runConsumer). With several instances in a group,
 * an instance that dies without leaving it (kill -9, a lost host) keeps its partitions until its session
 * times out: kafkajs' default 30 s stalled those orders for up to 30 s; 10 s bounds that stall. The
 * broker accepts 6 s to 30 min (group.min/max.session.timeout.ms). Heartbeats every 3 s leave room for
 * two lost ones; a live member sends them after every batch transaction and between a handler's retries
 * (handleBatch, handleOne), so its longest silence is one transaction (milliseconds; one that stalls past
 * 10 s, say on a pool connection, costs a rebalance and a redelivery the inbox absorbs). The rebalance
 * timeout, how long a rebalance waits for members to finish their batch and rejoin, stays kafkajs' 60 s:
 * it must cover a batch (up to 100 events, retries backing off at most 3 s), not a heartbeat.
 * Constants, not settings: no deployment has needed other values, and a wrong pair makes a group flap.
 */
export const GROUP_MEMBERSHIP = { sessionTimeout: 10_000, heartbeatInterval: 3_000, rebalanceTimeout: 60_000 } as const;

/** The consumer config every service consumer uses (the group, membership timing, kafkajs retries). */
export function groupConsumerConfig(groupId: string): ConsumerConfig {
  return { groupId, retry: { retries: 8 }, ...GROUP_MEMBERSHIP };
}
