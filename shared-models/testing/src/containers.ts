// The integration stack in containers (testcontainers), for machines with a Docker engine: Kafka,
// Postgres and the schema registry, published through the same variables the tests already read
// (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, POSTGRES_HOST, POSTGRES_PORT). Without an engine the
// integration tier uses the native stack (global-setup.ts); chooseIntegrationStack picks.
// testcontainers is imported lazily: loading it costs time the native path should not pay.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { freePort } from './ports';

export type IntegrationStack = 'native' | 'testcontainers';

const ROOT = path.resolve(__dirname, '../../..');
const KAFKA_IMAGE = 'apache/kafka:3.9.2';
const POSTGRES_IMAGE = 'postgres:15';
const REGISTRY_IMAGE = 'apicurio/apicurio-registry:3.3.3';
/** testcontainers gives up on an absent engine in well under a second; this only guards a hung socket. */
const DETECT_TIMEOUT_MS = 5_000;
const START_TIMEOUT_MS = 5 * 60_000;

/**
 * True when a Docker (or Podman) engine answers `probe` (testcontainers' own runtime lookup by default);
 * never throws and never waits longer than timeoutMs, so a hung socket cannot stall the test run.
 */
export async function dockerEngineReachable(
  timeoutMs = DETECT_TIMEOUT_MS,
  probe?: () => Promise<unknown>,
): Promise<boolean> {
  const lookup = probe ?? (async () => (await import('testcontainers')).getContainerRuntimeClient());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      lookup().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * KOT_INTEGRATION_STACK=native|testcontainers forces a path (forcing containers without an engine is
 * an error, not a silent fallback); otherwise containers when an engine answers, the native stack when not.
 */
export async function chooseIntegrationStack(
  detect: () => Promise<boolean>,
  forced = process.env.KOT_INTEGRATION_STACK,
): Promise<IntegrationStack> {
  if (forced === 'native') return 'native';
  if (forced !== undefined && forced !== '' && forced !== 'testcontainers') {
    throw new Error(`KOT_INTEGRATION_STACK must be "native" or "testcontainers", got "${forced}"`);
  }
  const reachable = await detect();
  if (forced === 'testcontainers' && !reachable)
    throw new Error('KOT_INTEGRATION_STACK=testcontainers, but no container engine answers (is Docker running?)');
  return reachable ? 'testcontainers' : 'native';
}

async function startKafka(host: string): Promise<StartedTestContainer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  // Clients connect to the advertised address, so the host port must be known before the broker starts.
  const port = await freePort();
  return new GenericContainer(KAFKA_IMAGE)
    .withExposedPorts({ container: 9092, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_NUM_PARTITIONS: '6',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(START_TIMEOUT_MS)
    .start();
}

async function startPostgres(): Promise<StartedTestContainer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  // The same idempotent init script the native bootstrap runs (init.sql reaches lib/ through \ir).
  return (
    new GenericContainer(POSTGRES_IMAGE)
      .withEnvironment({ POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: 'postgres', POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withCopyDirectoriesToContainer([
        { source: path.join(ROOT, 'infrastructure/postgres'), target: '/docker-entrypoint-initdb.d' },
      ])
      .withExposedPorts(5432)
      // The entrypoint starts the server twice (once for the init scripts): ready means the second time.
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .withStartupTimeout(START_TIMEOUT_MS)
      .start()
  );
}

async function startRegistry(): Promise<StartedTestContainer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  // In-memory storage: a container lives for one test run, so ids need not survive a restart.
  return (
    new GenericContainer(REGISTRY_IMAGE)
      // Confluent's default rule, as the native registry and docker-compose.yml configure it (Apicurio's is NONE).
      .withEnvironment({ APICURIO_RULES_GLOBAL_COMPATIBILITY: 'BACKWARD' })
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080).forStatusCode(200))
      .withStartupTimeout(START_TIMEOUT_MS)
      .start()
  );
}

/** The migrated template database the per-file test databases are cloned from, as natively. */
function migrateTemplate(host: string, port: number): void {
  const result = spawnSync('bash', [path.join(ROOT, 'scripts/lib/migrate.sh'), 'kot_test'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PGHOST_ADDR: host, PGPORT_NUMBER: String(port) },
  });
  if (result.status !== 0)
    throw new Error(`migrating kot_test in the Postgres container failed:\n${result.stdout}${result.stderr}`);
}

// globalSetup and globalTeardown run in Jest's parent process but may load this module separately.
const STARTED = Symbol.for('kot.testing.containers');
type Holder = { [STARTED]?: StartedTestContainer[] };

/** Starts the three containers, migrates kot_test and points this process (and Jest's workers) at them. */
export async function startContainerStack(): Promise<void> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
  const [kafka, postgres, registry] = await Promise.all([startKafka(host), startPostgres(), startRegistry()]);
  (globalThis as Holder)[STARTED] = [kafka, postgres, registry];
  process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9092)}`;
  process.env.SCHEMA_REGISTRY_URL = `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`;
  // Two event-codec suites read the registry under this older name.
  process.env.KOT_REGISTRY_URL = process.env.SCHEMA_REGISTRY_URL;
  process.env.POSTGRES_HOST = postgres.getHost();
  process.env.POSTGRES_PORT = String(postgres.getMappedPort(5432));
  migrateTemplate(process.env.POSTGRES_HOST, postgres.getMappedPort(5432));
}

/** Stops what startContainerStack started (testcontainers' reaper would otherwise remove them at exit). */
export async function stopContainerStack(): Promise<void> {
  const started = (globalThis as Holder)[STARTED] ?? [];
  delete (globalThis as Holder)[STARTED];
  await Promise.all(started.map((container) => container.stop()));
}
