// Watches the saga topic in its own consumer group, from the latest offset, decoding terminal
// events with the @kot/events codec (the same path the services take). Records when each order's
// terminal event (OrderDelivered or OrderCancelled) was first seen, and counts all events, so the
// bench measures end-to-end latency and events/s as an outside observer of the topic.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { createEventCodec, HEADERS, type EventCodec } from '@kot/events';

const TERMINAL_TYPES = new Set(['OrderDelivered', 'OrderCancelled']);

export interface TerminalSeen {
  at: number;
  type: 'OrderDelivered' | 'OrderCancelled';
  reason: string | null;
}

export class TerminalWatch {
  private consumer: Consumer | null = null;
  private readonly codec: EventCodec;
  private readonly waiters = new Map<string, () => void>();
  readonly finished = new Map<string, TerminalSeen>();
  /** Orders whose terminal event was seen more than once, or of both kinds (a duplicate to report). */
  readonly repeatedTerminal = new Set<string>();
  eventsSeen = 0;
  undecodable = 0;

  constructor(
    private readonly brokers: string[],
    private readonly topic: string,
    registryUrl: string,
  ) {
    this.codec = createEventCodec({ registryUrl, topic });
  }

  async start(): Promise<void> {
    const kafka = new Kafka({ clientId: 'bench-watch', brokers: this.brokers, logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: `bench-watch-${randomUUID()}`, maxWaitTimeInMs: 50 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: false });
    const joined = new Promise<void>((resolve) => this.consumer?.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    await this.consumer.run({
      partitionsConsumedConcurrently: 6,
      eachMessage: async ({ message }) => {
        this.eventsSeen += 1;
        // At full load the topic carries thousands of events a second: decode only those whose
        // event-type header says terminal (or that lack the header), so the watcher does not
        // compete with the load generator for this process's CPU.
        const type = message.headers?.[HEADERS.eventType]?.toString();
        if (type === undefined || TERMINAL_TYPES.has(type)) await this.onValue(message.value);
      },
    });
    await joined;
  }

  private async onValue(value: Buffer | null): Promise<void> {
    const at = Date.now();
    let event;
    try {
      event = await this.codec.decode(value);
    } catch {
      this.undecodable += 1;
      return;
    }
    if (event.type !== 'OrderDelivered' && event.type !== 'OrderCancelled') return;
    const orderId = event.data.orderId;
    if (this.finished.has(orderId)) {
      this.repeatedTerminal.add(orderId);
      return;
    }
    const reason = event.type === 'OrderCancelled' ? String(event.data.reason) : null;
    this.finished.set(orderId, { at, type: event.type, reason });
    this.waiters.get(orderId)?.();
  }

  /** Resolves when the order's terminal event was seen (at once if it already was) or after the timeout. */
  awaitTerminal(orderId: string, timeoutMs: number): Promise<void> {
    if (this.finished.has(orderId)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(orderId);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.set(orderId, done);
    });
  }

  stop(): Promise<void> {
    return this.consumer?.disconnect() ?? Promise.resolve();
  }
}
