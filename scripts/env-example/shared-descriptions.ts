// Descriptions of the variables every service reads that are declared outside the services' config.ts
// (service-kit's common-env.ts, @kot/messaging's housekeeping and outbox relay), whose schemas carry no
// .describe() yet. A schema's own description wins, and env-example.unit.test.ts fails for an entry a
// schema now describes, so moving a text into its schema means deleting it here.
export const sharedDescriptions: Readonly<Record<string, string>> = {
  NODE_ENV: 'development, test or production; production refuses to start without its own ADMIN_TOKEN.',
  SERVICE_PORT: 'HTTP port of the service: its API, /health, /health/ready and /metrics.',
  LOG_LEVEL: 'Least severe level logged: fatal, error, warn, info, debug, trace or silent.',
  DATABASE_URL:
    "Postgres, as the service's own role (password = role name locally), which has rights on its own schema only.",
  KAFKA_GROUP_ID: 'Kafka consumer group; every instance of the service joins the same one.',
  KAFKA_BROKERS: 'Kafka bootstrap brokers, host:port, comma-separated.',
  SCHEMA_REGISTRY_URL: "Schema registry's Confluent-compatible API (Apicurio Registry's /apis/ccompat/v7 locally).",
  KAFKA_TOPIC: 'The topic every event is published to and consumed from.',
  KAFKA_DLQ_TOPIC: 'Where events a consumer cannot process are parked (docs/operating.md).',
  ADMIN_TOKEN:
    'Bearer token of the admin routes, at least 16 characters. Required when NODE_ENV=production; ' +
    'elsewhere unset means a published development token.',
  DB_POOL_SIZE:
    "Connections of the service's one Postgres pool (writes, reads, outbox relay, inbox, housekeeping); " +
    "the relay's LISTEN adds one, so a service holds at most this + 1.",
  OUTBOX_RETENTION_MS: 'Published outbox rows older than this are deleted (unpublished ones never are).',
  INBOX_RETENTION_MS:
    'Processed event ids older than this are forgotten. Must exceed how long Kafka (or a DLQ replay) can ' +
    'bring an event back, or a redelivery after that would be processed a second time.',
  PURGE_INTERVAL_MS:
    'How often old outbox rows and processed event ids are purged (docs/operating.md, "Housekeeping").',
  PURGE_BATCH_SIZE: 'Rows one purge statement deletes at most; a backlog is worked off in several.',
  OUTBOX_BATCH_SIZE: 'Outbox rows the relay reads and publishes at once.',
  OUTBOX_MAX_BATCH_BYTES:
    "Bytes one send may carry; keep it below the topic's max.message.bytes (1048588 by default). An event " +
    'that can never be published is parked (alert OutboxEventsParked) instead of holding up the rest.',
};
