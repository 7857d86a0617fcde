import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

/**
 * Watches the topic for the events that end a saga (OrderDelivered, OrderCancelled) and counts every
 * event, reading only the `event-type` header: no Avro decoding, so the watcher costs little CPU.
 */
export class TerminalWatch {
  private consumer: Consumer | null = null;
  readonly finishedAt = new Map<string, { at: number; type: string }>();
  eventsSeen = 0;

  constructor(private readonly brokers: string[], private readonly topic: string) {}

  async start(): Promise<void> {
    const kafka = new Kafka({ clientId: 'bench-watch', brokers: this.brokers, logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: `bench-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: false });
    let assigned!: () => void;
    const ready = new Promise<void>((resolve) => { assigned = resolve; });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => assigned());
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        this.eventsSeen += 1;
        const type = message.headers?.['event-type']?.toString();
        if (type === 'OrderDelivered' || type === 'OrderCancelled') this.finishedAt.set(message.key?.toString() ?? '', { at: Date.now(), type });
      },
    });
    await ready;
  }

  stop(): Promise<void> {
    return this.consumer?.disconnect() ?? Promise.resolve();
  }
}
