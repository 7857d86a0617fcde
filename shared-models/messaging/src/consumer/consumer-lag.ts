import type { Admin, Consumer, Kafka } from 'kafkajs';
import { silentLogger, type Logger } from '../logger';
import type { MessagingMetrics } from '../metrics';

export interface PartitionOffsets {
  partition: number;
  high: string;
  low: string;
}
export interface CommittedOffset {
  partition: number;
  offset: string;
}

/**
 * Lag per partition: the high watermark minus the group's committed offset. A partition the group
 * has never committed counts from the log start (what a from-beginning consumer still has to read).
 */
export function consumerLag(topicOffsets: PartitionOffsets[], committed: CommittedOffset[]): Map<number, number> {
  const committedBy = new Map(committed.map((c) => [c.partition, Number(c.offset)]));
  const lag = new Map<number, number>();
  for (const { partition, high, low } of topicOffsets) {
    const at = committedBy.get(partition);
    const from = at === undefined || at < 0 ? Number(low) : Math.max(at, Number(low));
    lag.set(partition, Math.max(0, Number(high) - from));
  }
  return lag;
}

export interface LagMonitorOptions {
  kafka: Kafka;
  consumer: Consumer;
  groupId: string;
  topic: string;
  metrics: MessagingMetrics;
  intervalMs: number;
  logger?: Logger;
}

/**
 * Keeps `kafka_consumer_lag{group,topic,partition}` current two ways: after every fetched batch
 * (kafkajs reports the batch's lag for free) and on a timer from the committed offsets, which is the
 * only way an idle or stalled consumer's lag is seen at all.
 */
export class ConsumerLagMonitor {
  private admin: Admin | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly options: LagMonitorOptions) {}

  start(): void {
    const { consumer, metrics, groupId } = this.options;
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      metrics.consumerLag.set(
        { group: groupId, topic: payload.topic, partition: String(payload.partition) },
        Math.max(0, Number(payload.offsetLag)),
      );
    });
    this.timer = setInterval(() => {
      this.inFlight ??= this.refresh().finally(() => {
        this.inFlight = null;
      });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** Reads the committed offsets and watermarks once; failures are logged and retried next tick. */
  async refresh(): Promise<void> {
    const { kafka, groupId, topic, metrics } = this.options;
    try {
      if (!this.admin) {
        this.admin = kafka.admin();
        await this.admin.connect();
      }
      const [offsets, groups] = await Promise.all([
        this.admin.fetchTopicOffsets(topic),
        this.admin.fetchOffsets({ groupId, topics: [topic] }),
      ]);
      const committed = groups.find((g) => g.topic === topic)?.partitions ?? [];
      for (const [partition, lag] of consumerLag(offsets, committed))
        metrics.consumerLag.set({ group: groupId, topic, partition: String(partition) }, lag);
    } catch (error) {
      (this.options.logger ?? silentLogger).warn({ err: error, groupId, topic }, 'could not read consumer lag');
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = null;
  }
}
