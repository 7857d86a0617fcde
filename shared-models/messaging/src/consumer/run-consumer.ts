import type { Consumer } from 'kafkajs';
import type { SqlTx } from '@kot/postgres';
import { groupConsumerConfig } from '../kafka';
import type { ConsumerOptions } from './consumer-options';
import { ConsumerLagMonitor } from './consumer-lag';
import { handleBatch } from './handle-batch';

export type { ConsumerOptions, MessageContext } from './consumer-options';

export interface RunningConsumer {
  consumer: Consumer;
  stop(): Promise<void>;
}

/**
 * The one consumer loop every service uses: decode → inbox → handler (+ outbox) in one transaction per
 * run of events, bounded retries with backoff, dead-letter for poison and for handlers that keep failing.
 * When our own infrastructure is down the error goes back to Kafka, which restarts the consumer at the
 * last resolved offset. Offsets are resolved only after the events' transaction committed.
 */
export async function runConsumer<Tx extends SqlTx>(options: ConsumerOptions<Tx>): Promise<RunningConsumer> {
  const consumer = options.kafka.consumer(groupConsumerConfig(options.groupId));
  await consumer.connect();
  let lag: ConsumerLagMonitor | null = null;
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning ?? true });
    lag = startLagMonitor(options, consumer);
    await consumer.run({
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => handleBatch(options, payload),
    });
  } catch (error) {
    // The runtime retries a failed start: a connected consumer left behind would leak with every try.
    await lag?.stop();
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
  const monitor = lag;
  return {
    consumer,
    stop: async () => {
      await monitor?.stop();
      await consumer.disconnect();
    },
  };
}

function startLagMonitor<Tx extends SqlTx>(
  options: ConsumerOptions<Tx>,
  consumer: Consumer,
): ConsumerLagMonitor | null {
  if (!options.metrics) return null;
  const intervalMs = options.lagIntervalMs ?? 15_000;
  const monitor = new ConsumerLagMonitor({
    kafka: options.kafka,
    consumer,
    groupId: options.groupId,
    topic: options.topic,
    metrics: options.metrics,
    intervalMs: intervalMs > 0 ? intervalMs : 2 ** 31 - 1,
    logger: options.logger,
  });
  monitor.start();
  return monitor;
}
