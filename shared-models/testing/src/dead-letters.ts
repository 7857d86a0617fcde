import { randomUUID } from 'node:crypto';
import { testKafka } from './stack';

/** Sends raw bytes to a topic, bypassing the codec (how a broken producer would). */
export async function sendRaw(
  topic: string,
  value: Buffer,
  headers: Record<string, string>,
  key = 'poison',
): Promise<void> {
  const producer = testKafka('raw-producer').producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ key, value, headers }] });
  } finally {
    await producer.disconnect();
  }
}

/** Collects the event id and dlq-reason header of everything parked on a dead-letter topic. */
export async function readDeadLetters(
  topic: string,
): Promise<{ seen: Array<{ eventId: string; reason: string }>; stop(): Promise<void> }> {
  const seen: Array<{ eventId: string; reason: string }> = [];
  const consumer = testKafka('dlq-reader').consumer({ groupId: `dlq-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push({ eventId: String(message.headers?.['event-id']), reason: String(message.headers?.['dlq-reason']) });
    },
  });
  return { seen, stop: () => consumer.disconnect() };
}
