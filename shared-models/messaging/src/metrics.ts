import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Messaging metrics, registered once per registry even when several consumers share it. */
export interface MessagingMetrics {
  eventsConsumed: Counter<'type' | 'outcome' | 'group'>;
  handlerDuration: Histogram<'type' | 'group'>;
  eventsPublished: Counter<'type'>;
  outboxBacklog: Gauge<'schema'>;
  outboxPublishLatency: Histogram<'schema'>;
  /** Outbox rows the relay gave up on for good (Avro refused the value, too large, broker refused). */
  outboxParked: Counter<'schema' | 'type' | 'reason'>;
  /** Outbox rows parked now: stays up after a restart, until someone resolves them. */
  outboxParkedRows: Gauge<'schema'>;
  deadLettered: Counter<'type' | 'reason'>;
  consumerLag: Gauge<'group' | 'topic' | 'partition'>;
}

const cache = new WeakMap<Registry, MessagingMetrics>();

export function messagingMetrics(registry: Registry): MessagingMetrics {
  const existing = cache.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const created: MessagingMetrics = {
    eventsConsumed: new Counter({
      name: 'events_consumed_total',
      help: 'Events consumed, by type and outcome (processed, duplicate, ignored, dead_lettered)',
      labelNames: ['type', 'outcome', 'group'],
      registers,
    }),
    handlerDuration: new Histogram({
      name: 'event_handler_duration_seconds',
      help: 'Time to handle one event in its transaction',
      labelNames: ['type', 'group'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    eventsPublished: new Counter({
      name: 'events_produced_total',
      help: 'Events published to Kafka by the outbox relay',
      labelNames: ['type'],
      registers,
    }),
    outboxBacklog: new Gauge({
      name: 'outbox_backlog',
      help: 'Outbox rows not yet published (parked ones excluded)',
      labelNames: ['schema'],
      registers,
    }),
    outboxPublishLatency: new Histogram({
      name: 'outbox_publish_latency_seconds',
      help: 'Time from outbox insert to Kafka acknowledgement',
      labelNames: ['schema'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    outboxParked: new Counter({
      name: 'outbox_events_parked_total',
      help: 'Outbox events parked instead of published (reason: unencodable, too-large, refused, blocked)',
      labelNames: ['schema', 'type', 'reason'],
      registers,
    }),
    outboxParkedRows: new Gauge({
      name: 'outbox_parked',
      help: 'Outbox rows parked and not yet resolved',
      labelNames: ['schema'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'dlq_messages_total',
      help: 'Messages parked on the dead-letter topic',
      labelNames: ['type', 'reason'],
      registers,
    }),
    consumerLag: new Gauge({
      name: 'kafka_consumer_lag',
      help: 'High watermark minus committed offset',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    }),
  };
  cache.set(registry, created);
  return created;
}
