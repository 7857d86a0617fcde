import { randomBytes, randomUUID } from 'node:crypto';
import type { IHeaders } from 'kafkajs';
import { HEADERS, type OrderEvent } from '@kot/events';

/** What travels beside every event: identity, causality and tracing. */
export interface EventMetadata {
  eventId: string;
  correlationId: string;
  /** The event id (or request id) that caused this event; null for a root cause. */
  causationId: string | null;
  /** W3C trace context, so one order is one trace across services. */
  traceparent: string | null;
  producer: string;
  occurredAt: number;
}

/** An event ready for the outbox: the Kafka key is the order id, so an order's events stay ordered. */
export interface OutgoingEvent {
  event: OrderEvent;
  metadata: EventMetadata;
}

/** Time and ids are injected so deciders, handlers and tests are deterministic. */
export interface Clock {
  now(): number;
}
export interface IdGenerator {
  next(): string;
}

export const systemClock: Clock = { now: () => Date.now() };
export const uuidGenerator: IdGenerator = { next: () => randomUUID() };

export interface Cause {
  correlationId: string;
  causationId: string | null;
  traceparent: string | null;
}

export function newMetadata(cause: Cause, producer: string, clock: Clock, ids: IdGenerator): EventMetadata {
  return { eventId: ids.next(), producer, occurredAt: clock.now(), ...cause };
}

/** The cause carried forward when handling an incoming event: same correlation, caused by that event. */
export function causedBy(incoming: EventMetadata): Cause {
  return { correlationId: incoming.correlationId, causationId: incoming.eventId, traceparent: incoming.traceparent };
}

export function toKafkaHeaders(event: OrderEvent, metadata: EventMetadata): Record<string, string> {
  const headers: Record<string, string> = {
    [HEADERS.eventId]: metadata.eventId,
    [HEADERS.eventType]: event.type,
    [HEADERS.correlationId]: metadata.correlationId,
    [HEADERS.producer]: metadata.producer,
    [HEADERS.occurredAt]: new Date(metadata.occurredAt).toISOString(),
  };
  if (metadata.causationId) headers[HEADERS.causationId] = metadata.causationId;
  if (metadata.traceparent) headers[HEADERS.traceparent] = metadata.traceparent;
  return headers;
}

function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Reads our headers back; returns null when the message lacks an event id (such a message is poison). */
export function fromKafkaHeaders(headers: IHeaders | undefined): EventMetadata | null {
  const eventId = headerText(headers, HEADERS.eventId);
  if (!eventId) return null;
  const occurredAt = Date.parse(headerText(headers, HEADERS.occurredAt) ?? '');
  return {
    eventId,
    correlationId: headerText(headers, HEADERS.correlationId) ?? eventId,
    causationId: headerText(headers, HEADERS.causationId) ?? null,
    traceparent: headerText(headers, HEADERS.traceparent) ?? null,
    producer: headerText(headers, HEADERS.producer) ?? 'unknown',
    occurredAt: Number.isNaN(occurredAt) ? 0 : occurredAt,
  };
}

/** A fresh W3C traceparent for a request that arrived without one. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** The Kafka key of every event: its order id. */
export function keyOf(event: OrderEvent): string {
  return event.data.orderId;
}
