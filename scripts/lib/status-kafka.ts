// The Kafka half of system-status: every broker of the topology (up or DOWN by the cluster's own
// metadata, which also names the controller), every partition of the project's topics (leader,
// replicas, ISR; under-replicated and offline ones flagged), the DLQ size and each service group's lag.
// The metadata comes from kafka-metadata.ts (kafkajs refuses a cluster with a leaderless partition);
// offsets and lag from kafkajs, each read on its own, so a partly broken cluster still shows what can
// be read. Everything is bounded in time: one broker down must not turn a status command into a hang.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { fetchClusterMetadata, type ClusterMetadata } from './kafka-metadata';
import { brokerRows, lagRow, lagsOf, partitionHealth, partitionRows, type BrokerExpected } from './status-format';

export interface KafkaTarget {
  /** bootstrap list (KAFKA_BROKERS or the topology's) */
  brokers: string[];
  /** every broker the topology runs, by node id */
  expected: BrokerExpected[];
  topic: string;
  dlq: string;
  groups: readonly string[];
}

export interface Section {
  rows: string[];
  /** things down or degraded; any makes the command exit 1 */
  problems: number;
}

type Offsets = Awaited<ReturnType<Admin['fetchTopicOffsets']>>;

const oneLine = (error: unknown) => (error as Error).message.split('\n')[0] ?? String(error);

function adminFor(target: KafkaTarget): Admin {
  return new Kafka({
    clientId: 'system-status',
    brokers: target.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1500,
    // A seed broker that is down costs one retry: kafkajs then picks another from the list.
    retry: { retries: Math.max(1, target.brokers.length), initialRetryTime: 100, maxRetryTime: 400 },
  }).admin();
}

function clusterRows(metadata: ClusterMetadata, target: KafkaTarget): Section {
  const rows = brokerRows(target.expected, { live: metadata.brokers, controller: metadata.controller });
  const down = target.expected.filter((b) => !metadata.brokers.some((l) => l.nodeId === b.id)).length;
  return { rows, problems: down };
}

function topicRows(metadata: ClusterMetadata, target: KafkaTarget, offsets: Map<string, Offsets>): Section {
  const rows: string[] = [];
  let problems = 0;
  for (const name of [target.topic, target.dlq]) {
    const topic = metadata.topics.find((t) => t.name === name);
    const ends = offsets.get(name);
    const summary =
      name === target.dlq
        ? `DLQ ${name}  messages: ${ends ? ends.reduce((s, p) => s + Number(p.high) - Number(p.low), 0) : '? (offsets unreadable)'}`
        : `TOPIC ${name}  end offsets: ${ends ? ends.map((p) => `p${p.partition}=${p.high}`).join(' ') : '? (unreadable)'}`;
    if (!topic || topic.errorCode !== 0) {
      rows.push(summary, `  !! ${name}: MISSING (Kafka error code ${topic?.errorCode ?? '?'}) !!`);
      problems += 1;
      continue;
    }
    const health = partitionHealth(topic.partitions);
    problems += health.underReplicated + health.offline;
    rows.push(summary, ...partitionRows(name, topic.partitions));
  }
  return { rows, problems };
}

async function endOffsets(admin: Admin, topics: string[]): Promise<Map<string, Offsets>> {
  const found = new Map<string, Offsets>();
  // kafkajs cannot even connect while any partition of the cluster has no leader: then no offsets.
  if (
    !(await admin.connect().then(
      () => true,
      () => false,
    ))
  )
    return found;
  for (const topic of topics) {
    // An offline partition makes this throw; the partition table still says why.
    const ends = await admin.fetchTopicOffsets(topic).catch(() => null);
    if (ends)
      found.set(
        topic,
        ends.sort((a, b) => a.partition - b.partition),
      );
  }
  return found;
}

async function lagRows(admin: Admin, target: KafkaTarget, ends: Offsets | undefined): Promise<string[]> {
  const rows = ['CONSUMER GROUP          LAG  (per partition)'];
  if (!ends) return [...rows, `(end offsets of ${target.topic} unreadable)`];
  for (const group of target.groups) {
    try {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [target.topic] });
      rows.push(lagRow(group, lagsOf(ends, offsets?.partitions ?? [])));
    } catch (error) {
      rows.push(`${group.padEnd(22)} ? (${oneLine(error)})`);
    }
  }
  return rows;
}

export async function kafkaSection(target: KafkaTarget): Promise<Section> {
  let metadata: ClusterMetadata;
  try {
    metadata = await fetchClusterMetadata(target.brokers, [target.topic, target.dlq]);
  } catch (error) {
    return { rows: [`KAFKA DOWN (${oneLine(error)})`, ...brokerRows(target.expected, null)], problems: 1 };
  }
  const admin = adminFor(target);
  try {
    const cluster = clusterRows(metadata, target);
    const offsets = await endOffsets(admin, [target.topic, target.dlq]);
    const topics = topicRows(metadata, target, offsets);
    const lags = await lagRows(admin, target, offsets.get(target.topic));
    return { rows: [...cluster.rows, '', ...topics.rows, '', ...lags], problems: cluster.problems + topics.problems };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
