import type { KafkaMessage } from 'kafkajs';
import { PoisonMessageError, type EventCodec, type OrderEvent } from '@kot/events';
import { fromKafkaHeaders, type EventMetadata } from '../envelope';
import { handlerFor, type Subscriptions } from './subscriptions';
import { isUuid } from '@kot/service-kit';

/** Where a message came from, and how to tell Kafka we are still alive while it is handled. */
export interface Delivery {
  topic: string;
  partition: number;
  message: KafkaMessage;
  heartbeat(): Promise<void>;
}

/** A message decoded into one of our events that this service has a handler for. */
export interface Handleable {
  kind: 'handle';
  delivery: Delivery;
  event: OrderEvent;
  metadata: EventMetadata;
}

/** What to do with one message: handle it, skip it (no handler), or park it (poison). */
export type Step =
  | Handleable
  | { kind: 'ignore'; delivery: Delivery; type: string }
  | { kind: 'poison'; delivery: Delivery; reason: string; error: Error; type: string };

/**
 * Decodes a message and decides its fate. Only bytes that can never become an event are poison; a
 * registry that cannot be reached right now throws, so Kafka hands the message back later.
 */
export async function decodeDelivery<Tx>(
  codec: EventCodec,
  subscriptions: Subscriptions<Tx>,
  delivery: Delivery,
): Promise<Step> {
  const metadata = fromKafkaHeaders(delivery.message.headers);
  if (!metadata)
    return {
      kind: 'poison',
      delivery,
      reason: 'missing-event-id',
      error: new Error('message has no event-id header'),
      type: 'unknown',
    };
  // The inbox keys on the event id as a uuid: anything else could never be recorded as processed.
  if (!isUuid(metadata.eventId))
    return {
      kind: 'poison',
      delivery,
      reason: 'invalid-event-id',
      error: new Error(`event-id header "${metadata.eventId.slice(0, 80)}" is not a UUID`),
      type: 'unknown',
    };
  let event: OrderEvent;
  try {
    event = await codec.decode(delivery.message.value ?? Buffer.alloc(0));
  } catch (error) {
    if (error instanceof PoisonMessageError)
      return { kind: 'poison', delivery, reason: 'undecodable', error, type: 'unknown' };
    throw error;
  }
  if (!handlerFor(subscriptions, event)) return { kind: 'ignore', delivery, type: event.type };
  return { kind: 'handle', delivery, event, metadata: { ...metadata, eventId: metadata.eventId.toLowerCase() } };
}
