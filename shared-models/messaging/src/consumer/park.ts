import type { SqlTx } from '@kot/postgres';
import { silentLogger } from '../logger';
import type { ConsumerOptions } from './consumer-options';
import { sendToDeadLetter } from './dead-letter';
import type { Delivery } from './delivery';

/** Parks a message on the dead-letter topic with why and where, so the partition can move on. */
export async function deadLetter<Tx extends SqlTx>(
  options: ConsumerOptions<Tx>,
  delivery: Delivery,
  reason: string,
  error: unknown,
  type: string,
): Promise<void> {
  (options.logger ?? silentLogger).error(
    { err: error, reason, partition: delivery.partition, offset: delivery.message.offset },
    'message dead-lettered',
  );
  await sendToDeadLetter(options.producer, options.deadLetterTopic, {
    topic: delivery.topic,
    partition: delivery.partition,
    message: delivery.message,
    groupId: options.groupId,
    reason,
    error,
  });
  options.metrics?.deadLettered.inc({ type, reason });
  options.metrics?.eventsConsumed.inc({ type, outcome: 'dead_lettered', group: options.groupId });
}
