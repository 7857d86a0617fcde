import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { MessageSender } from '../kafka';

export const DLQ_HEADERS = {
  reason: 'dlq-reason',
  error: 'dlq-error',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  consumerGroup: 'dlq-consumer-group',
  failedAt: 'dlq-failed-at',
} as const;

export interface DeadLetter {
  topic: string;
  partition: number;
  message: KafkaMessage;
  groupId: string;
  reason: string;
  error: unknown;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}

/**
 * Parks a message on the dead-letter topic with its original key, bytes and headers, plus headers that
 * say why and where it came from, so it can be inspected and replayed later.
 */
export async function sendToDeadLetter(
  producer: MessageSender,
  deadLetterTopic: string,
  letter: DeadLetter,
): Promise<void> {
  const headers: IHeaders = {
    ...letter.message.headers,
    [DLQ_HEADERS.reason]: letter.reason,
    [DLQ_HEADERS.error]: describe(letter.error),
    [DLQ_HEADERS.sourceTopic]: letter.topic,
    [DLQ_HEADERS.sourcePartition]: String(letter.partition),
    [DLQ_HEADERS.sourceOffset]: letter.message.offset,
    [DLQ_HEADERS.consumerGroup]: letter.groupId,
    [DLQ_HEADERS.failedAt]: new Date().toISOString(),
  };
  await producer.send({
    topic: deadLetterTopic,
    acks: -1,
    messages: [{ key: letter.message.key, value: letter.message.value, headers }],
  });
}
