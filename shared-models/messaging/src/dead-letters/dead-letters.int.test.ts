// The DLQ tool against the real Kafka, registry and Postgres: a handler that fails parks an event,
// `list`/`inspect` show it, `replay` brings it back once the handler works, and a second replay
// changes nothing because the consumer's inbox already holds the event id.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestTopics, eventually, STACK, testKafka } from '@kot/testing';
import { main } from '../../../../scripts/dlq/main';
import { startConsumerFixture, type ConsumerFixture } from '../housekeeping/consumer-fixture';
import { readDeadLetters } from './dead-letter-reader';

const root = path.resolve(__dirname, '../../../..');
const kafka = testKafka('dlq-tool-test');
const orderId = `ord-dlq-${randomUUID().slice(0, 8)}`;
const sentinelOrder = `ord-dlq-sentinel-${randomUUID().slice(0, 8)}`;
let failing = true;
let fixture: ConsumerFixture;
let topic: string;
let deadLetterTopic: string;

const env = () => ({
  ...process.env,
  KAFKA_BROKERS: STACK.brokers.join(','),
  KAFKA_DLQ_TOPIC: deadLetterTopic,
  SCHEMA_REGISTRY_URL: STACK.registryUrl,
});

beforeAll(async () => {
  ({ topic, deadLetterTopic } = await createTestTopics('dlq-tool', 1));
  fixture = await startConsumerFixture({
    kafka,
    topic,
    deadLetterTopic,
    registryUrl: STACK.registryUrl,
    databaseUrl: STACK.databaseUrl('analytics_service'),
    schema: 'analytics_service',
    refuse: (order) => failing && order === orderId,
  });
});

afterAll(async () => {
  await fixture?.stop();
});

/** One-partition topic: once a sentinel published after the replays is handled, so are they. */
async function sentinelProcessed(): Promise<void> {
  const sentinelId = await fixture.publish(sentinelOrder);
  await eventually(
    async () => (await fixture.effects(sentinelOrder)).includes(sentinelId),
    'the sentinel event to be handled',
    60_000,
  );
}

describe('dead-letter tool (list, inspect, replay)', () => {
  it('lists and inspects a parked event, replays it once the handler works, and a second replay has no effect', async () => {
    const eventId = await fixture.publish(orderId);
    await eventually(
      async () => (await readDeadLetters({ kafka, topic: deadLetterTopic })).length === 1,
      'the event to be dead-lettered',
      60_000,
    );

    const { stdout } = await promisify(execFile)('node', ['--import', 'tsx', 'scripts/dlq/cli.ts', 'list'], {
      cwd: root,
      env: env(),
    });
    expect(stdout).toContain('0:0  ');
    expect(stdout).toContain(
      `handler-rejected  OrderCancelled  ${eventId}  from ${topic}[0]@0  group ${fixture.groupId}`,
    );
    expect(stdout).toContain('Error: downstream refused');
    expect(stdout).toContain(`1 dead letter(s) on ${deadLetterTopic}`);

    const inspected: string[] = [];
    expect(await main(['inspect', '0:0'], env(), (line) => inspected.push(line))).toBe(0);
    const view = JSON.parse(inspected.join('\n'));
    expect(view).toMatchObject({
      position: '0:0',
      reason: 'handler-rejected',
      key: orderId,
      source: { topic, partition: 0, offset: '0' },
    });
    expect(view.value.decoded).toEqual({ type: 'OrderCancelled', data: expect.objectContaining({ orderId }) });
    expect(await fixture.effects(orderId)).toEqual([]);

    failing = false;
    const replayed: string[] = [];
    expect(await main(['replay', '0:0'], env(), (line) => replayed.push(line))).toBe(0);
    expect(replayed).toEqual([`replayed 0:0 (OrderCancelled ${eventId}) to ${topic}[0]`, '1 dead letter(s) replayed']);
    await eventually(
      async () => (await fixture.effects(orderId)).length === 1,
      'the replayed event to take effect',
      60_000,
    );

    expect(await main(['replay', '--all', '--since', '1h'], env(), () => undefined)).toBe(0);
    await sentinelProcessed();
    expect(await fixture.effects(orderId)).toEqual([eventId]);
    expect(await readDeadLetters({ kafka, topic: deadLetterTopic })).toHaveLength(1);
  });

  it('answers a position that does not exist with exit code 1 and a usage error with 2', async () => {
    expect(await main(['inspect', '0:99'], env(), () => undefined)).toBe(1);
    expect(await main(['replay', '0:99'], env(), () => undefined)).toBe(1);
    expect(await main(['replay'], env(), () => undefined)).toBe(2);
  });
});
