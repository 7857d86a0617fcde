// Kafka names every producer and consumer must agree on (see docs/conventions.md, "Kafka").

export const TOPICS = {
  /** All saga events, key = orderId so one order's events stay in order on one partition. */
  events: 'orders.events',
  /** Messages a consumer could not decode or handle, kept for inspection and replay. */
  deadLetter: 'orders.events.dlq',
} as const;

/** Header names on every message; values are UTF-8 strings. */
export const HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  traceparent: 'traceparent',
  producer: 'producer',
  occurredAt: 'occurred-at',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];
export type HeaderName = (typeof HEADERS)[keyof typeof HEADERS];
