import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers } from '@kot/service-kit';
import { postgresHost, postgresPort, testRunId } from './test-database';

/**
 * Where the stack listens: the native defaults (infrastructure/stack.env), unless the integration
 * global setup started containers and exported their addresses. The test database is kot_test.
 */
export const STACK = {
  brokers: kafkaBrokers(process.env.KAFKA_BROKERS),
  registryUrl: process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8080/apis/ccompat/v7',
  /** The current test file's own database (see integration-setup.ts), as the service's own role. */
  databaseUrl: (role: string) =>
    `postgresql://${role}:${role}@${postgresHost()}:${postgresPort()}/${process.env.KOT_TEST_DATABASE ?? 'kot_test'}`,
};

export function testKafka(clientId = 'tests'): Kafka {
  return new Kafka({ clientId, brokers: STACK.brokers, logLevel: logLevel.NOTHING });
}

/**
 * A fresh topic pair per test file: suites run in parallel against one broker and must not see each
 * other's events. Subjects in the registry follow the topic name, so schemas are registered per topic too.
 */
export async function createTestTopics(
  prefix: string,
  partitions = 6,
): Promise<{ topic: string; deadLetterTopic: string }> {
  const topic = `test.${testRunId()}.${prefix}.${randomUUID().slice(0, 8)}.orders.events`;
  const deadLetterTopic = `${topic}.dlq`;
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions: partitions },
        { topic: deadLetterTopic, numPartitions: 1 },
      ],
    });
  } finally {
    await admin.disconnect();
  }
  return { topic, deadLetterTopic };
}

/**
 * The connection variables a service under test needs, from wherever this run's stack is (native
 * servers, or the containers the testcontainers path started): spread them into the service's env.
 */
export function stackEnv(role: string): { DATABASE_URL: string; KAFKA_BROKERS: string; SCHEMA_REGISTRY_URL: string } {
  return {
    DATABASE_URL: STACK.databaseUrl(role),
    KAFKA_BROKERS: STACK.brokers.join(','),
    SCHEMA_REGISTRY_URL: STACK.registryUrl,
  };
}
