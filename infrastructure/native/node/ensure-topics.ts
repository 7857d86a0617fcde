// Creates the project's Kafka topics if they are missing, and checks the ones that exist.
// Usage: tsx ensure-topics.ts <host:port> <topic:partitions>...
// Run by stack.sh after the broker opens its port. It talks to the broker with the same kafkajs
// the services use, so a passing run also proves kafkajs 2.2.4 works against this Kafka version.
import { Kafka, logLevel } from 'kafkajs';

interface TopicSpec {
  topic: string;
  partitions: number;
}

function parseSpec(spec: string): TopicSpec {
  const match = /^([\w.-]+):(\d+)$/.exec(spec);
  if (!match?.[1] || !match[2]) throw new Error(`bad topic spec "${spec}", expected name:partitions`);
  return { topic: match[1], partitions: Number(match[2]) };
}

async function partitionCounts(admin: ReturnType<Kafka['admin']>, topics: string[]): Promise<Map<string, number>> {
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
  return new Map(metadata.map((t) => [t.name, t.partitions.length]));
}

async function ensureTopics(broker: string, wanted: TopicSpec[]): Promise<string[]> {
  // Generous retries: the broker may have opened its port a moment before it can serve metadata.
  const kafka = new Kafka({
    clientId: 'kot-stack',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    retry: { retries: 12, initialRetryTime: 250, maxRetryTime: 3000 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor: 1 })),
      });
    }
    const counts = await partitionCounts(
      admin,
      wanted.map((t) => t.topic),
    );
    return wanted.map((t) => describe(t, counts.get(t.topic), missing.includes(t)));
  } finally {
    await admin.disconnect();
  }
}

function describe(spec: TopicSpec, actual: number | undefined, created: boolean): string {
  if (actual !== spec.partitions) {
    // A different count changes which partition a key lands on; refuse rather than guess.
    throw new Error(
      `topic ${spec.topic} has ${actual ?? 'no'} partitions, expected ${spec.partitions}; ` +
        'delete .local/kafka-data (stack.sh down first) to start Kafka afresh',
    );
  }
  return `${spec.topic}: ${actual} partition${actual === 1 ? '' : 's'}, RF 1 (${created ? 'created' : 'exists'})`;
}

async function main(): Promise<void> {
  const [broker, ...specs] = process.argv.slice(2);
  if (!broker || specs.length === 0) throw new Error('usage: ensure-topics.ts <host:port> <topic:partitions>...');
  const lines = await ensureTopics(broker, specs.map(parseSpec));
  for (const line of lines) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
