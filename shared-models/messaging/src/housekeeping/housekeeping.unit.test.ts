import { z } from 'zod';
import { messagingConfig } from '../runtime';
import { defaultHousekeeping, housekeepingEnv, housekeepingSettings } from './housekeeping';

const schema = z.object(housekeepingEnv);

describe('housekeeping configuration', () => {
  it('defaults to a week of published outbox rows and a month of inbox ids, purged every minute in batches of 500', () => {
    const parsed = schema.parse({});
    expect(housekeepingSettings(parsed)).toEqual({
      outboxRetentionMs: 7 * 86_400_000,
      inboxRetentionMs: 30 * 86_400_000,
      intervalMs: 60_000,
      batchSize: 500,
    });
    expect(housekeepingSettings({})).toEqual(defaultHousekeeping);
  });

  it('reads durations with units and maps them onto the runtime config', () => {
    const parsed = schema.parse({
      OUTBOX_RETENTION_MS: '48h',
      INBOX_RETENTION_MS: '2160h',
      PURGE_INTERVAL_MS: '30s',
      PURGE_BATCH_SIZE: '50',
    });
    const env = {
      KAFKA_GROUP_ID: 'g',
      KAFKA_BROKERS: ['b:9092'],
      SCHEMA_REGISTRY_URL: 'http://r',
      KAFKA_TOPIC: 't',
      KAFKA_DLQ_TOPIC: 't.dlq',
      DATABASE_URL: 'postgresql://x/y',
      ...parsed,
    };
    expect(messagingConfig(env, 'svc', 'svc_schema').housekeeping).toEqual({
      outboxRetentionMs: 48 * 3_600_000,
      inboxRetentionMs: 90 * 86_400_000,
      intervalMs: 30_000,
      batchSize: 50,
    });
  });

  it('refuses a batch size of zero or a retention that is not a duration', () => {
    expect(schema.safeParse({ PURGE_BATCH_SIZE: '0' }).success).toBe(false);
    expect(schema.safeParse({ INBOX_RETENTION_MS: '30 days' }).success).toBe(false);
  });
});
