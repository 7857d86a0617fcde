// The Kafka side of the monitor: its own consumer group on the topic, from the latest offset, every
// value decoded through the registry. Failures become a status for the screen, then a retry.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import { createEventCodec, HEADERS, type EventCodec } from '@kot/events';
import type { FeedEvent, KafkaStatus } from './state';

export interface EventFeedOptions {
  brokers: string[];
  registryUrl: string;
  topic: string;
  onEvent(event: FeedEvent): void;
  onStatus(status: KafkaStatus): void;
}

const RETRY_MS = 3000;

function header(headers: IHeaders | undefined, name: string): string {
  const value = headers?.[name];
  return String((Array.isArray(value) ? value[0] : value) ?? '');
}

export class EventFeed {
  readonly groupId = `monitor-${randomUUID().slice(0, 8)}`;
  private consumer: Consumer | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly kafka: Kafka;
  private readonly codec: EventCodec;

  constructor(private readonly options: EventFeedOptions) {
    // kafkajs logs to the console by default, which would draw over the screen.
    this.kafka = new Kafka({
      clientId: 'kot-monitor',
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 2000,
      retry: { retries: 2 },
    });
    this.codec = createEventCodec({ registryUrl: options.registryUrl, topic: options.topic });
  }

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.groupId, retry: { retries: 2 } });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () =>
      this.options.onStatus({ state: 'live', detail: `group ${this.groupId}` }),
    );
    // A retriable crash is restarted by kafkajs itself (GROUP_JOIN marks it live again); only a final one needs us.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) this.options.onStatus({ state: 'unreachable', detail: payload.error.message.slice(0, 60) });
      else this.failed(payload.error);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: this.options.topic, fromBeginning: false });
      await consumer.run({
        eachMessage: async ({ message }) => {
          this.options.onEvent(await this.toFeedEvent(message.value, message.headers, message.key));
        },
      });
    } catch (error) {
      this.failed(error as Error);
    }
  }

  /** The event's own order id when it decodes; the headers and key still describe it when it does not. */
  private async toFeedEvent(
    value: Buffer | null,
    headers: IHeaders | undefined,
    key: Buffer | null,
  ): Promise<FeedEvent> {
    let orderId = key?.toString() ?? '';
    let type = header(headers, HEADERS.eventType) || '?';
    try {
      const event = await this.codec.decode(value);
      orderId = event.data.orderId;
      type = event.type;
    } catch {
      type = `${type} (undecodable)`;
    }
    const occurredAt = Date.parse(header(headers, HEADERS.occurredAt));
    return {
      at: Number.isNaN(occurredAt) ? Date.now() : occurredAt,
      orderId,
      type,
      service: header(headers, HEADERS.producer) || '?',
      correlationId: header(headers, HEADERS.correlationId),
    };
  }

  private failed(error: Error): void {
    if (this.stopped) return;
    this.options.onStatus({ state: 'unreachable', detail: error.message.split('\n')[0]?.slice(0, 60) });
    const consumer = this.consumer;
    this.consumer = null;
    void consumer?.disconnect().catch(() => undefined);
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, RETRY_MS);
  }

  /** Leaves the group and deletes it, so monitor runs do not pile up groups in the broker. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.consumer?.disconnect().catch(() => undefined);
    const admin = this.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([this.groupId]))
      .catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
