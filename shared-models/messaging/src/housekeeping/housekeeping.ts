import type { Pool, PoolClient } from 'pg';
import { durationMs, PeriodicWorker, positiveInt, type Logger as KitLogger } from '@kot/service-kit';
import { assertIdentifier } from '@kot/postgres';
import { systemClock, type Clock } from '../envelope';
import type { Logger } from '../logger';
import { advisoryPassLock, exclusivePass, housekeepingLockKey, type PassLock } from './pass-lock';

const HOUR_MS = 3_600_000;

export interface HousekeepingSettings {
  /** Published outbox rows older than this are deleted (unpublished ones never are). */
  outboxRetentionMs: number;
  /**
   * Processed event ids older than this are forgotten. Must exceed how long Kafka (or a DLQ replay)
   * can bring an event back, or a redelivery after that would be processed a second time.
   */
  inboxRetentionMs: number;
  intervalMs: number;
  batchSize: number;
}

export const defaultHousekeeping: HousekeepingSettings = {
  outboxRetentionMs: 7 * 24 * HOUR_MS,
  inboxRetentionMs: 30 * 24 * HOUR_MS,
  intervalMs: 60_000,
  batchSize: 500,
};

/** Shape fragment for each service's config.ts (durations take ms/s/m/h: 30 days is 720h). */
export const housekeepingEnv = {
  OUTBOX_RETENTION_MS: durationMs(defaultHousekeeping.outboxRetentionMs),
  INBOX_RETENTION_MS: durationMs(defaultHousekeeping.inboxRetentionMs),
  PURGE_INTERVAL_MS: durationMs(defaultHousekeeping.intervalMs),
  PURGE_BATCH_SIZE: positiveInt(defaultHousekeeping.batchSize),
};

export interface HousekeepingEnv {
  OUTBOX_RETENTION_MS?: number;
  INBOX_RETENTION_MS?: number;
  PURGE_INTERVAL_MS?: number;
  PURGE_BATCH_SIZE?: number;
}

export function housekeepingSettings(env: HousekeepingEnv): HousekeepingSettings {
  return {
    outboxRetentionMs: env.OUTBOX_RETENTION_MS ?? defaultHousekeeping.outboxRetentionMs,
    inboxRetentionMs: env.INBOX_RETENTION_MS ?? defaultHousekeeping.inboxRetentionMs,
    intervalMs: env.PURGE_INTERVAL_MS ?? defaultHousekeeping.intervalMs,
    batchSize: env.PURGE_BATCH_SIZE ?? defaultHousekeeping.batchSize,
  };
}

export interface PurgeResult {
  outbox: number;
  inbox: number;
  batches: number;
  /** True when another instance was in the middle of a pass, so this round did nothing. */
  skipped: boolean;
}

const SKIPPED: PurgeResult = { outbox: 0, inbox: 0, batches: 0, skipped: true };

export interface HousekeepingOptions extends HousekeepingSettings {
  pool: Pool;
  schema: string;
  logger: Logger;
  clock?: Clock;
  /** Caps one round, so a large backlog is worked off over several rounds instead of one long one. */
  maxBatchesPerTick?: number;
}

/**
 * Deletes old published outbox rows and old inbox ids in small batches, each its own short statement,
 * so the purge never holds locks long enough to slow the relay or the consumers. `published_at <
 * cutoff` is false for NULL, which is what keeps unpublished rows safe.
 *
 * Every instance of the service runs this worker on the same schema. A pass holds the schema's
 * advisory lock (advisoryPassLock) and an instance that finds it taken skips its round: the holder
 * is already deleting the same rows, and N instances would only race for them N times over.
 */
export class HousekeepingWorker extends PeriodicWorker {
  private readonly outboxDelete: string;
  private readonly inboxDelete: string;
  private readonly lock: PassLock<PoolClient>;

  constructor(private readonly options: HousekeepingOptions) {
    // PeriodicWorker only calls warn(obj, msg), which the messaging Logger has.
    super({
      name: `housekeeping ${options.schema}`,
      intervalMs: options.intervalMs,
      logger: options.logger as unknown as KitLogger,
    });
    const schema = assertIdentifier(options.schema);
    this.outboxDelete = `DELETE FROM "${schema}"."outbox" WHERE id = ANY(ARRAY(
      SELECT id FROM "${schema}"."outbox" WHERE published_at < $1 ORDER BY published_at LIMIT $2))`;
    this.inboxDelete = `DELETE FROM "${schema}"."inbox" WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM "${schema}"."inbox" WHERE processed_at < $1 ORDER BY processed_at LIMIT $2))`;
    this.lock = advisoryPassLock(options.pool, housekeepingLockKey(schema));
  }

  async tick(): Promise<PurgeResult> {
    const result = (await exclusivePass(this.lock, (client) => this.pass(client))) ?? SKIPPED;
    if (result.outbox + result.inbox > 0)
      this.options.logger.info({ schema: this.options.schema, ...result }, 'purged old outbox rows and inbox ids');
    return result;
  }

  /** One pass, on the connection that holds the lock. */
  private async pass(client: PoolClient): Promise<PurgeResult> {
    const now = (this.options.clock ?? systemClock).now();
    const outbox = await this.purge(client, this.outboxDelete, new Date(now - this.options.outboxRetentionMs));
    const inbox = await this.purge(client, this.inboxDelete, new Date(now - this.options.inboxRetentionMs));
    return { outbox: outbox.deleted, inbox: inbox.deleted, batches: outbox.batches + inbox.batches, skipped: false };
  }

  private async purge(
    client: PoolClient,
    statement: string,
    cutoff: Date,
  ): Promise<{ deleted: number; batches: number }> {
    const { batchSize, maxBatchesPerTick = 100 } = this.options;
    let deleted = 0;
    for (let batches = 1; ; batches += 1) {
      const { rowCount } = await client.query(statement, [cutoff, batchSize]);
      deleted += rowCount ?? 0;
      if ((rowCount ?? 0) < batchSize || batches >= maxBatchesPerTick) return { deleted, batches };
    }
  }
}
