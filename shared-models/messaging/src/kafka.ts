import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
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
