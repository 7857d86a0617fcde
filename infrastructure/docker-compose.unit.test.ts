// docker-compose.yml cannot be started on machines without a Docker engine (CI included), so this
// test keeps it honest: every port, version and setting it shares with the native stack must equal
// infrastructure/stack.env, and its Kafka settings must equal the native broker's template.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Compose } from './docker/compose';
import { parseStackEnv, stackValue } from './native/stack-env';

const here = __dirname;
const env = parseStackEnv(readFileSync(path.join(here, 'stack.env'), 'utf8'));
const compose = new Compose();
const at = (key: string): string => stackValue(env, key);
const service = (name: string) => compose.service(name);
const envOf = (name: string) => compose.env(name);
const published = (name: string) => compose.published(name);
const bindSource = (name: string, target: string) => compose.bindSource(name, target);

// Which stack.env keys each service's published ports must be, and nothing else (the `apps` profile's
// services: docker-compose.apps.unit.test.ts and docker-compose.monitoring.unit.test.ts).
const PORTS: Record<string, string[]> = {
  postgres: ['POSTGRES_PORT'],
  kafka: ['KAFKA_PORT', 'KAFKA_CONTROLLER_PORT'],
  registry: ['REGISTRY_PORT', 'REGISTRY_MANAGEMENT_PORT'],
  'kafka-ui': ['KAFKA_UI_PORT'],
  jaeger: ['JAEGER_UI_PORT', 'OTLP_GRPC_PORT', 'OTLP_HTTP_PORT'],
};

describe('docker-compose.yml against stack.env', () => {
  it.each(Object.entries(PORTS))(
    '%s publishes exactly its stack.env ports, on STACK_HOST, unchanged inside',
    (name, keys) => {
      const ports = published(name);
      expect(ports.map((p) => p.hostPort).sort()).toEqual(keys.map(at).sort());
      for (const port of ports) {
        expect(port.host).toBe(at('STACK_HOST'));
        expect(port.containerPort).toBe(port.hostPort);
      }
    },
  );

  it('publishes no port that stack.env does not know', () => {
    const known = new Set(
      Object.entries(env)
        .filter(([key]) => key.endsWith('_PORT'))
        .map(([, value]) => value),
    );
    const all = Object.keys(compose.services).flatMap((name) => published(name).map((p) => `${name}:${p.hostPort}`));
    expect(all.filter((entry) => !known.has(entry.split(':')[1] ?? ''))).toEqual([]);
  });

  it('runs the same Kafka and Apicurio versions as the native stack', () => {
    expect(service('kafka').image).toBe(`apache/kafka:${at('KAFKA_VERSION')}`);
    expect(service('kafka-topics').image).toBe(`apache/kafka:${at('KAFKA_VERSION')}`);
    expect(service('registry').image).toBe(`apicurio/apicurio-registry:${at('APICURIO_VERSION')}`);
  });

  it('advertises Kafka to the host where the native broker listens, with the same heap', () => {
    const kafka = envOf('kafka');
    expect(kafka.KAFKA_ADVERTISED_LISTENERS).toContain(`EXTERNAL://${at('KAFKA_HOST')}:${at('KAFKA_PORT')}`);
    expect(kafka.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`1@kafka:${at('KAFKA_CONTROLLER_PORT')}`);
    expect(kafka.KAFKA_HEAP_OPTS).toBe(at('KAFKA_HEAP_OPTS'));
    expect(kafka.CLUSTER_ID).toMatch(/^[A-Za-z0-9_-]{22}$/); // Kafka's storage format wants a base64 UUID
  });

  it('sets every other Kafka property as the native broker template does for one node', () => {
    // Compose runs one broker: the template as kafka.sh renders it for a single node (id 1, one replica).
    const singleNode = { '@KAFKA_NODE_ID@': '1', '@KAFKA_RF@': '1', '@KAFKA_MIN_ISR@': '1' };
    const template = new Map(
      readFileSync(path.join(here, 'native/kafka/server.properties.template'), 'utf8')
        .replace(
          /@KAFKA_NODE_ID@|@KAFKA_RF@|@KAFKA_MIN_ISR@/g,
          (placeholder) => singleNode[placeholder as keyof typeof singleNode],
        )
        .split('\n')
        .filter((line) => /^[a-z]/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
    );
    const listenerSpecific = [
      'LISTENERS',
      'ADVERTISED_LISTENERS',
      'LISTENER_SECURITY_PROTOCOL_MAP',
      'INTER_BROKER_LISTENER_NAME',
      'CONTROLLER_QUORUM_VOTERS',
      'LOG_DIRS',
      'HEAP_OPTS',
    ];
    const compared = Object.entries(envOf('kafka'))
      .filter(([key]) => key.startsWith('KAFKA_') && !listenerSpecific.includes(key.slice('KAFKA_'.length)))
      .map(([key, value]) => {
        const property = key.slice('KAFKA_'.length).toLowerCase().replace(/_/g, '.');
        return { property, compose: value, native: template.get(property) };
      });
    expect(compared.length).toBeGreaterThan(8);
    expect(compared.filter((c) => c.compose !== c.native)).toEqual([]);
  });

  it('creates the topics of KAFKA_TOPICS with their partition counts', () => {
    const command = [service('kafka-topics').command ?? []].flat().join(' ');
    const created = [...command.matchAll(/--topic (\S+) --partitions (\d+)/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(created.sort()).toEqual(at('KAFKA_TOPICS').split(' ').sort());
  });

  it('stores the registry in REGISTRY_DB as REGISTRY_DB_USER, serving on the stack.env ports', () => {
    const registry = envOf('registry');
    expect(registry).toMatchObject({
      APICURIO_STORAGE_KIND: 'sql',
      APICURIO_STORAGE_SQL_KIND: 'postgresql',
      APICURIO_DATASOURCE_URL: `jdbc:postgresql://postgres:${at('POSTGRES_PORT')}/${at('REGISTRY_DB')}`,
      APICURIO_DATASOURCE_USERNAME: at('REGISTRY_DB_USER'),
      APICURIO_DATASOURCE_PASSWORD: at('REGISTRY_DB_PASSWORD'),
      APICURIO_RULES_GLOBAL_COMPATIBILITY: at('REGISTRY_COMPATIBILITY'),
      QUARKUS_HTTP_PORT: at('REGISTRY_PORT'),
      QUARKUS_MANAGEMENT_PORT: at('REGISTRY_MANAGEMENT_PORT'),
      JAVA_OPTS_APPEND: at('REGISTRY_HEAP_OPTS'),
    });
  });

  it('initialises Postgres with infrastructure/postgres, whose SQL names the stack.env databases and roles', () => {
    expect(envOf('postgres')).toMatchObject({
      POSTGRES_USER: at('POSTGRES_SUPERUSER'),
      POSTGRES_PASSWORD: at('POSTGRES_SUPERUSER_PASSWORD'),
    });
    const initDir = bindSource('postgres', '/docker-entrypoint-initdb.d');
    expect(initDir).toBe(path.join(here, 'postgres'));
    const sql = readFileSync(path.join(initDir, 'init.sql'), 'utf8');
    const roles = /\\set service_roles '\{([^}]*)\}'/.exec(sql)?.[1]?.split(',');
    expect(roles).toEqual(at('POSTGRES_SERVICE_SCHEMAS').split(' '));
    expect(sql).toContain(`unnest('{${at('POSTGRES_DB')},${at('POSTGRES_TEST_DB')}}'::text[])`);
    expect(sql).toContain(`CREATE DATABASE ${at('REGISTRY_DB')} OWNER ${at('REGISTRY_DB_USER')}`);
  });

  it('points the tools at the stack.env ports', () => {
    expect(envOf('kafka-ui')).toMatchObject({
      SERVER_PORT: at('KAFKA_UI_PORT'),
      KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: envOf('kafka').KAFKA_ADVERTISED_LISTENERS?.match(/INTERNAL:\/\/([^,]+)/)?.[1],
      KAFKA_CLUSTERS_0_SCHEMAREGISTRY: `http://registry:${at('REGISTRY_PORT')}${at('REGISTRY_CCOMPAT_PATH')}`,
    });
  });

  it('starts the servers without a profile and everything start-system.sh adds under `apps`', () => {
    expect(compose.named().sort()).toEqual(['jaeger', 'kafka', 'kafka-topics', 'kafka-ui', 'postgres', 'registry']);
    expect(compose.named('apps').length).toBeGreaterThanOrEqual(11);
  });
});
