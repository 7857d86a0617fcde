// Rebuilds the read model from the topic: capture the end offsets, empty the read model and its
// inbox, replay from the beginning under a fresh consumer group until every partition has been
// consumed up to those offsets, then hand the inbox over to the live group.
import type { Admin } from 'kafkajs';
import { createKafka, createPgDatabase, systemClock, uuidGenerator, type Clock, type PgDatabase } from '@kot/messaging';
import { createMetrics, type Logger } from '@kot/service-kit';
import type { AnalyticsServiceConfig } from '../config';
import { createAnalyticsMessaging } from './analytics-messaging';
import { createBusinessMetrics } from './business-metrics';
import { ANALYTICS_SCHEMA, ANALYTICS_SERVICE } from './prisma';
import { resetReadModel } from './read-model';

export interface RebuildOptions { config: AnalyticsServiceConfig; logger: Logger; clock?: Clock; pollIntervalMs?: number }

export interface RebuildReport {
  /** The consumer group the replay ran under (deleted afterwards). */
  replayGroup: string;
  /** Per partition, the offset the replay had to reach (the end of the log when it started). */
  endOffsets: Record<number, string>;
  /** Events processed by the replay (rows it wrote to the inbox). */
  events: number;
  durationMs: number;
}

type Offsets = Array<{ partition: number; high: string; low: string }>;

/** The live consumer would write into the read model while it is being rebuilt; refuse instead. */
async function assertLiveGroupIdle(admin: Admin, groupId: string): Promise<void> {
  const { groups } = await admin.describeGroups([groupId]);
  const members = groups[0]?.members.length ?? 0;
  if (members > 0) throw new Error(`consumer group ${groupId} has ${members} active member(s): stop the analytics service before rebuilding`);
}

async function caughtUp(admin: Admin, groupId: string, topic: string, ends: Offsets): Promise<boolean> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  return ends.every((end) => end.high === end.low || (at.get(end.partition) ?? -1n) >= BigInt(end.high));
}

async function waitUntilCaughtUp(admin: Admin, groupId: string, options: RebuildOptions, ends: Offsets): Promise<void> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + options.config.REBUILD_TIMEOUT_MS;
  while (!(await caughtUp(admin, groupId, options.config.KAFKA_TOPIC, ends))) {
    if (clock.now() > deadline) throw new Error(`rebuild did not reach the end offsets within ${options.config.REBUILD_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 500));
  }
}

/** Replays under `replayGroup` with a throwaway metrics registry: the live service's series are its own. */
async function replay(sql: PgDatabase, admin: Admin, replayGroup: string, options: RebuildOptions, ends: Offsets): Promise<void> {
  const metrics = createMetrics({ service: ANALYTICS_SERVICE, defaultMetrics: false });
  const messaging = await createAnalyticsMessaging({
    config: options.config, sql, logger: options.logger, metrics, business: createBusinessMetrics(metrics),
    groupId: replayGroup, clock: options.clock ?? systemClock, ids: uuidGenerator,
  });
  await messaging.start();
  try {
    await waitUntilCaughtUp(admin, replayGroup, options, ends);
  } finally {
    await messaging.stop();
  }
}

/** The replayed events now count as processed by the live group, so it skips them if it reads them again. */
async function handOverInbox(sql: PgDatabase, from: string, to: string): Promise<number> {
  return sql.session.$executeRawUnsafe(`UPDATE ${ANALYTICS_SCHEMA}.inbox SET consumer_group = $2 WHERE consumer_group = $1`, from, to);
}

export async function rebuildReadModel(options: RebuildOptions): Promise<RebuildReport> {
  const { config, logger } = options;
  const started = (options.clock ?? systemClock).now();
  const sql = createPgDatabase({ databaseUrl: config.DATABASE_URL, poolSize: 5, logger });
  const admin = createKafka({ clientId: `${ANALYTICS_SERVICE}-rebuild`, brokers: config.KAFKA_BROKERS, logger }).admin();
  await admin.connect();
  try {
    await assertLiveGroupIdle(admin, config.KAFKA_GROUP_ID);
    const ends = await admin.fetchTopicOffsets(config.KAFKA_TOPIC);
    const replayGroup = `${config.KAFKA_GROUP_ID}-rebuild-${started}`;
    logger.info({ topic: config.KAFKA_TOPIC, replayGroup, ends }, 'rebuild: resetting the read model and replaying the topic');
    await sql.transaction((tx) => resetReadModel(tx));
    await replay(sql, admin, replayGroup, options, ends);
    const events = await handOverInbox(sql, replayGroup, config.KAFKA_GROUP_ID);
    await admin.deleteGroups([replayGroup]).catch((error: unknown) => logger.warn({ err: error, replayGroup }, 'could not delete the replay group'));
    const endOffsets = Object.fromEntries(ends.map((e) => [e.partition, e.high]));
    return { replayGroup, endOffsets, events, durationMs: (options.clock ?? systemClock).now() - started };
  } finally {
    await admin.disconnect();
    await sql.pool.end();
  }
}
