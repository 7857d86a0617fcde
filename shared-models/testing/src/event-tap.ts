import { randomUUID } from 'node:crypto';
import type { Consumer, IHeaders, Producer } from 'kafkajs';
import { createEventCodec, HEADERS, type EventCodec, type EventType, type OrderEvent } from '@kot/events';
import { STACK, testKafka } from './stack';
import { eventually } from './wait';

export interface TappedEvent {
  event: OrderEvent;
  headers: Record<string, string>;
  partition: number;
  offset: string;
  key: string;
}

function headerMap(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]));
}

/**
 * Reads everything on a topic with its own consumer group and decodes it through the real registry,
 * so tests assert on what actually travelled, not on what a service meant to send.
 */
export class EventTap {
  readonly seen: TappedEvent[] = [];
  /** Messages that did not decode (poison on purpose in DLQ tests); recorded, never fatal to the tap. */
  readonly undecodable: Array<{ partition: number; offset: string; error: string }> = [];
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  readonly codec: EventCodec;

  constructor(readonly topic: string) {
    this.codec = createEventCodec({ registryUrl: STACK.registryUrl, topic });
  }

  async start(): Promise<this> {
    const kafka = testKafka('event-tap');
    this.consumer = kafka.consumer({ groupId: `tap-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message, partition }) => {
        try {
          const event = await this.codec.decode(message.value);
          this.seen.push({
            event,
            headers: headerMap(message.headers),
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? '',
          });
        } catch (error) {
          this.undecodable.push({ partition, offset: message.offset, error: (error as Error).message });
        }
      },
    });
    this.producer = kafka.producer();
    await this.producer.connect();
    return this;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  of(orderId: string, type?: EventType): TappedEvent[] {
    return this.seen.filter((t) => t.event.data.orderId === orderId && (!type || t.event.type === type));
  }

  typesOf(orderId: string): EventType[] {
    return this.of(orderId).map((t) => t.event.type);
  }

  /** Waits until the order has an event of that type on the topic and returns it. */
  waitFor<T extends EventType>(
    orderId: string,
    type: T,
    timeoutMs = 20_000,
  ): Promise<TappedEvent & { event: Extract<OrderEvent, { type: T }> }> {
    return eventually(
      () => this.of(orderId, type)[0] as (TappedEvent & { event: Extract<OrderEvent, { type: T }> }) | undefined,
      `${type} for order ${orderId} (seen: ${this.typesOf(orderId).join(', ') || 'nothing'})`,
      timeoutMs,
    );
  }

  /** Publishes an event as another service would (used to play a participant in a service's own tests). */
  async publish(
    event: OrderEvent,
    options: { producer: string; correlationId?: string; eventId?: string; causationId?: string; traceparent?: string },
  ): Promise<string> {
    const eventId = options.eventId ?? randomUUID();
    const headers: Record<string, string> = {
      [HEADERS.eventId]: eventId,
      [HEADERS.eventType]: event.type,
      [HEADERS.correlationId]: options.correlationId ?? eventId,
      [HEADERS.producer]: options.producer,
      [HEADERS.occurredAt]: new Date().toISOString(),
    };
    if (options.causationId) headers[HEADERS.causationId] = options.causationId;
    if (options.traceparent) headers[HEADERS.traceparent] = options.traceparent;
    await this.producer?.send({
      topic: this.topic,
      acks: -1,
      messages: [{ key: event.data.orderId, value: await this.codec.encode(event), headers }],
    });
    return eventId;
  }
}
