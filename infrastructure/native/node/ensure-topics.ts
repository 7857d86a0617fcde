// Creates the project's Kafka topics if they are missing, and checks the ones that exist.
// Usage: tsx ensure-topics.ts --brokers <host:port,...> --replication-factor N --min-insync N <topic:partitions>...
// Run by stack.sh after the brokers open their ports. It talks to Kafka with the same kafkajs the services
// use, so a passing run also proves kafkajs 2.2.4 works against this Kafka version.
import { Kafka, logLevel, type Admin } from 'kafkajs';

interface TopicSpec {
  topic: string;
  partitions: number;
}

interface Options {
  brokers: string[];
  replicationFactor: number;
  minInsync: number;
  topics: TopicSpec[];
}

const USAGE =
  'usage: ensure-topics.ts --brokers <host:port,...> --replication-factor N --min-insync N <topic:partitions>...';
/** A cluster's nodes open their ports before they have all registered; RF 3 needs all three. */
const JOIN_TIMEOUT_MS = 90_000;

function parseSpec(spec: string): TopicSpec {
  const match = /^([\w.-]+):(\d+)$/.exec(spec);
  if (!match?.[1] || !match[2]) throw new Error(`bad topic spec "${spec}", expected name:partitions`);
  return { topic: match[1], partitions: Number(match[2]) };
}

function parseArgs(argv: string[]): Options {
  const flags = new Map<string, string>();
  const topics: TopicSpec[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) flags.set(arg, argv[(i += 1)] ?? '');
    else topics.push(parseSpec(arg));
  }
  const whole = (flag: string) => {
    const value = Number(flags.get(flag));
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a whole number ≥ 1\n${USAGE}`);
    return value;
  };
  const brokers = (flags.get('--brokers') ?? '').split(',').filter(Boolean);
  if (brokers.length === 0 || topics.length === 0) throw new Error(USAGE);
  return { brokers, replicationFactor: whole('--replication-factor'), minInsync: whole('--min-insync'), topics };
}

async function waitForBrokers(admin: Admin, wanted: number): Promise<void> {
  const deadline = Date.now() + JOIN_TIMEOUT_MS;
  for (;;) {
    const { brokers } = await admin.describeCluster();
    if (brokers.length >= wanted) return;
    if (Date.now() > deadline) throw new Error(`only ${brokers.length} of ${wanted} brokers joined the cluster`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Topic metadata once every broker knows the topics: right after creation, a broker the controller has not
 * told yet answers UNKNOWN_TOPIC_OR_PARTITION ("does not host this topic-partition"), which is not a failure.
 */
async function settledMetadata(admin: Admin, names: string[]) {
  const deadline = Date.now() + JOIN_TIMEOUT_MS;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      const leaderless = topics.flatMap((t) => t.partitions).filter((p) => p.leader < 0);
      if (leaderless.length === 0) return topics;
      if (Date.now() > deadline) throw new Error(`${leaderless.length} partitions still have no leader`);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** What this script judges wrong (a partition count, a replication factor): never retried. */
class MismatchError extends Error {}

async function createMissing(admin: Admin, options: Options): Promise<TopicSpec[]> {
  const existing = new Set(await admin.listTopics());
  const missing = options.topics.filter((t) => !existing.has(t.topic));
  if (missing.length === 0) return [];
  // Leaders are waited for below: kafkajs's own wait fails when a broker has not heard of the topic yet.
  await admin.createTopics({
    waitForLeaders: false,
    topics: missing.map((t) => ({
      topic: t.topic,
      numPartitions: t.partitions,
      replicationFactor: options.replicationFactor,
      configEntries: [{ name: 'min.insync.replicas', value: String(options.minInsync) }],
    })),
  });
  return missing;
}

async function ensureOnce(admin: Admin, options: Options, created: Set<string>): Promise<string[]> {
  await waitForBrokers(admin, options.replicationFactor);
  for (const spec of await createMissing(admin, options)) created.add(spec.topic);
  const topics = await settledMetadata(
    admin,
    options.topics.map((t) => t.topic),
  );
  return options.topics.map((spec) => {
    const partitions = topics.find((t) => t.name === spec.topic)?.partitions ?? [];
    return describe(spec, partitions.length, partitions[0]?.replicas.length ?? 0, options, created.has(spec.topic));
  });
}

/**
 * A cluster that has just started elects its controller and leaders for a while, and answers "no leader",
 * "not controller" or "unknown topic" meanwhile: the whole check is repeated until it passes or time is up.
 */
async function ensureTopics(options: Options): Promise<string[]> {
  const kafka = new Kafka({
    clientId: 'kot-stack',
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 250, maxRetryTime: 2000 },
  });
  const admin = kafka.admin();
  const deadline = Date.now() + JOIN_TIMEOUT_MS;
  const created = new Set<string>();
  try {
    for (;;) {
      try {
        await admin.connect();
        return await ensureOnce(admin, options, created);
      } catch (error) {
        if (error instanceof MismatchError || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

function describe(spec: TopicSpec, partitions: number, replicas: number, options: Options, created: boolean): string {
  if (partitions !== spec.partitions) {
    // A different count changes which partition a key lands on; refuse rather than guess.
    throw new MismatchError(
      `topic ${spec.topic} has ${partitions || 'no'} partitions, expected ${spec.partitions}; ` +
        'delete the Kafka data folder in .local (stack.sh down first) to start Kafka afresh',
    );
  }
  if (replicas !== options.replicationFactor) {
    throw new Error(
      `topic ${spec.topic} has ${replicas} replicas per partition, expected ${options.replicationFactor}`,
    );
  }
  return (
    `${spec.topic}: ${partitions} partition${partitions === 1 ? '' : 's'}, RF ${replicas}, ` +
    `min.insync ${options.minInsync} (${created ? 'created' : 'exists'})`
  );
}

ensureTopics(parseArgs(process.argv.slice(2)))
  .then((lines) => {
    for (const line of lines) console.log(line);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
