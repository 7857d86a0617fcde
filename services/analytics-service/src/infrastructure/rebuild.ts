// Rebuilds the read model from the topic: capture the end offsets, empty the read model and its
// inbox, replay from the beginning under a fresh consumer group until every partition has been
// consumed up to those offsets, then hand the inbox over to the live group.
// The topic keeps 7 days (broker log.retention.hours=168), the read model keeps everything: once
// retention has deleted the oldest records, a replay cannot reproduce the orders in them, so the
// rebuild refuses (touching nothing) unless the caller accepts that loss explicitly.
import type { Admin } from 'kafkajs';
import { createKafka, systemClock, uuidGenerator, type Clock, type ServiceCore } from '@kot/messaging';
import { createDatabase, type Database } from '@kot/postgres';
import { createMetrics, type Logger } from '@kot/service-kit';
import type { AnalyticsServiceConfig } from '../config';
import { createAnalyticsMessaging } from './analytics-messaging';
import { createBusinessMetrics } from './business-metrics';
import { resetReadModel } from './read-model';
import { ANALYTICS_SCHEMA, ANALYTICS_SERVICE } from '../service';

export interface RebuildOptions {
  config: AnalyticsServiceConfig;
  logger: Logger;
  clock?: Clock;
  pollIntervalMs?: number;
  /** Rebuild even though retention deleted the topic's oldest records: the orders in them leave the read model. */
  acceptHistoryLoss?: boolean;
}

export interface RebuildReport {
  /** The consumer group the replay ran under (deleted afterwards). */
  replayGroup: string;
  /** Per partition, the offset the replay had to reach (the end of the log when it started). */
  endOffsets: Record<number, string>;
  /** Events processed by the replay (rows it wrote to the inbox). */
  events: number;
  /** Per partition whose log no longer started at offset 0, where it started: the records before were not replayed. */
  deletedBefore: Record<number, string>;
  durationMs: number;
}

type Offsets = Array<{ partition: number; high: string; low: string }>;

/** The topic no longer holds what the read model was built from; the message names the gap and the way out. */
export class HistoryLostError extends Error {}

/** Partitions whose log does not start at offset 0: retention (or deleteRecords) removed the records before. */
function deletedHistory(offsets: Offsets): Record<number, string> {
  return Object.fromEntries(offsets.filter((o) => BigInt(o.low) > 0n).map((o) => [o.partition, o.low]));
}

/** `startedAt` is where each partition's log started before (0 for a topic that held everything). */
const describeGaps = (deleted: Record<number, string>, startedAt: Map<number, bigint> = new Map()) =>
  Object.entries(deleted)
    .map(
      ([partition, low]) =>
        `partition ${partition} starts at offset ${low} (offsets ${startedAt.get(Number(partition)) ?? 0n}-${BigInt(low) - 1n} deleted)`,
    )
    .join(', ');

function refuseLoss(topic: string, deleted: Record<number, string>): HistoryLostError {
  return new HistoryLostError(
    `topic ${topic} no longer holds its whole history: ${describeGaps(deleted)}. A rebuild replays only what the topic holds, ` +
      'so the orders in the deleted records would vanish from the read model; nothing was changed. ' +
      'Run again with --accept-history-loss to rebuild from what the topic still holds.',
  );
}

/** Retention that ran during the replay may have deleted records before the replay read them. */
function deletedDuringReplay(topic: string, before: Offsets, after: Offsets): HistoryLostError | null {
  const start = new Map(before.map((o) => [o.partition, BigInt(o.low)]));
  const moved = Object.fromEntries(
    after.filter((o) => BigInt(o.low) > (start.get(o.partition) ?? 0n)).map((o) => [o.partition, o.low]),
  );
  if (Object.keys(moved).length === 0) return null;
  return new HistoryLostError(
    `retention deleted records of topic ${topic} while the rebuild replayed it: ${describeGaps(moved, start)}. ` +
      'The read model was rebuilt but may lack the orders in records the replay had not reached yet.',
  );
}

/** The live consumer would write into the read model while it is being rebuilt; refuse instead. */
async function assertLiveGroupIdle(admin: Admin, groupId: string): Promise<void> {
  const { groups } = await admin.describeGroups([groupId]);
  const members = groups[0]?.members.length ?? 0;
  if (members > 0)
    throw new Error(
      `consumer group ${groupId} has ${members} active member(s): stop the analytics service before rebuilding`,
    );
}

async function caughtUp(admin: Admin, groupId: string, topic: string, ends: Offsets): Promise<boolean> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  // Nothing is left to read below the log start (an empty partition, or retention deleted the records
  // before the replay read them: the check after the replay reports that); waiting would only time out.
  const starts = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.low)]));
  return ends.every(
    (end) =>
      BigInt(end.high) <= (starts.get(end.partition) ?? 0n) || (at.get(end.partition) ?? -1n) >= BigInt(end.high),
  );
}

async function waitUntilCaughtUp(admin: Admin, groupId: string, options: RebuildOptions, ends: Offsets): Promise<void> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + options.config.REBUILD_TIMEOUT_MS;
  while (!(await caughtUp(admin, groupId, options.config.KAFKA_TOPIC, ends))) {
    if (clock.now() > deadline)
      throw new Error(`rebuild did not reach the end offsets within ${options.config.REBUILD_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 500));
  }
}

/** Replays under `replayGroup` with a throwaway metrics registry: the live service's series are its own. */
async function replay(
  sql: Database,
  admin: Admin,
  replayGroup: string,
  options: RebuildOptions,
  ends: Offsets,
): Promise<void> {
  const metrics = createMetrics({ service: ANALYTICS_SERVICE, defaultMetrics: false });
  const core: ServiceCore = {
    service: ANALYTICS_SERVICE,
    schema: ANALYTICS_SCHEMA,
    env: options.config,
    logger: options.logger,
    metrics,
    clock: options.clock ?? systemClock,
    ids: uuidGenerator,
    sql,
  };
  const messaging = await createAnalyticsMessaging(core, createBusinessMetrics(metrics), replayGroup);
  await messaging.start();
  try {
    await waitUntilCaughtUp(admin, replayGroup, options, ends);
  } finally {
    await messaging.stop();
  }
}

/** The replayed events now count as processed by the live group, so it skips them if it reads them again. */
async function handOverInbox(sql: Database, from: string, to: string): Promise<number> {
  return sql.session.execute(`UPDATE ${ANALYTICS_SCHEMA}.inbox SET consumer_group = $2 WHERE consumer_group = $1`, [
    from,
    to,
  ]);
}

/** Refuses before anything is touched when the replay could not reproduce the read model, unless accepted. */
function checkHistory(options: RebuildOptions, ends: Offsets): Record<number, string> {
  const deleted = deletedHistory(ends);
  if (Object.keys(deleted).length === 0) return deleted;
  if (!options.acceptHistoryLoss) throw refuseLoss(options.config.KAFKA_TOPIC, deleted);
  options.logger.warn(
    { topic: options.config.KAFKA_TOPIC, deletedBefore: deleted },
    'rebuild: retention deleted the oldest records; the orders in them leave the read model (accepted)',
  );
  return deleted;
}

/** After the hand-over (the live group must skip what was replayed either way): fail loudly if retention raced the replay. */
async function checkNothingDeletedMeanwhile(admin: Admin, options: RebuildOptions, ends: Offsets): Promise<void> {
  const lost = deletedDuringReplay(
    options.config.KAFKA_TOPIC,
    ends,
    await admin.fetchTopicOffsets(options.config.KAFKA_TOPIC),
  );
  if (lost && !options.acceptHistoryLoss) throw lost;
  if (lost) options.logger.warn({ topic: options.config.KAFKA_TOPIC }, lost.message);
}

export async function rebuildReadModel(options: RebuildOptions): Promise<RebuildReport> {
  const { config, logger } = options;
  const started = (options.clock ?? systemClock).now();
  const sql = createDatabase({
    databaseUrl: config.DATABASE_URL,
    poolSize: 5,
    applicationName: `${ANALYTICS_SERVICE}-rebuild`,
    logger,
  });
  const admin = createKafka({
    clientId: `${ANALYTICS_SERVICE}-rebuild`,
    brokers: config.KAFKA_BROKERS,
    logger,
  }).admin();
  await admin.connect();
  try {
    await assertLiveGroupIdle(admin, config.KAFKA_GROUP_ID);
    const ends = await admin.fetchTopicOffsets(config.KAFKA_TOPIC);
    const deletedBefore = checkHistory(options, ends);
    const replayGroup = `${config.KAFKA_GROUP_ID}-rebuild-${started}`;
    logger.info(
      { topic: config.KAFKA_TOPIC, replayGroup, ends },
      'rebuild: resetting the read model and replaying the topic',
    );
    await sql.transaction((tx) => resetReadModel(tx));
    await replay(sql, admin, replayGroup, options, ends);
    const events = await handOverInbox(sql, replayGroup, config.KAFKA_GROUP_ID);
    await admin
      .deleteGroups([replayGroup])
      .catch((error: unknown) => logger.warn({ err: error, replayGroup }, 'could not delete the replay group'));
    await checkNothingDeletedMeanwhile(admin, options, ends);
    const endOffsets = Object.fromEntries(ends.map((e) => [e.partition, e.high]));
    return {
      replayGroup,
      endOffsets,
      events,
      deletedBefore,
      durationMs: (options.clock ?? systemClock).now() - started,
    };
  } finally {
    await admin.disconnect();
    await sql.close();
  }
}
