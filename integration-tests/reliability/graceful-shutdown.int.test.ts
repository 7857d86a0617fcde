import { randomUUID } from 'node:crypto';
import { HEADERS } from '@kot/events';
import {
  createTestTopics,
  eventually,
  EventTap,
  freePort,
  SlowRequest,
  testKafka,
  type ServiceProcess,
} from '@kot/testing';
import { orderBody } from '../support/http';
import {
  allocatePorts,
  committedOffsets,
  placeOrder,
  query,
  schemaOf,
  SERVICES,
  spawnService,
  startFakes,
  type ServiceName,
  type Topology,
} from './support';

// Every service runs as its real process (node --import tsx services/<name>/src/main.ts): SIGTERM, the
// exit code and the 10 s budget are only real there. All five boot in parallel; booting dominates.
let topology: Topology;
let tap: EventTap;
const groups = {} as Record<ServiceName, string>;
const processes = {} as Record<ServiceName, ServiceProcess>;
let spare: ServiceProcess;

beforeAll(async () => {
  const { topic, deadLetterTopic } = await createTestTopics('graceful');
  topology = { topic, deadLetterTopic, fakes: await startFakes(), ports: await allocatePorts() };
  for (const service of SERVICES) {
    groups[service] = `${service}-${randomUUID().slice(0, 8)}`;
    processes[service] = spawnService(service, topology, { groupId: groups[service] });
  }
  await Promise.all(SERVICES.map((s) => processes[s].ready(240_000)));
  tap = await new EventTap(topic).start();
}, 300_000);

afterAll(async () => {
  await Promise.all([...Object.values(processes), spare].filter(Boolean).map((p) => p.kill()));
  await tap?.stop();
  await topology?.fakes.close();
});

const refusesConnections = (url: string) =>
  eventually(
    () =>
      fetch(`${url}/health`).then(
        () => false,
        () => true,
      ),
    `${url} to refuse connections`,
    9_000,
    20,
  );

/** Offsets of every message on the topic (by event id) once the tap has read up to the end. */
async function topicIndex(topic: string): Promise<Map<string, { partition: number; offset: number; type: string }>> {
  const admin = testKafka('reliability-ends').admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const total = ends.reduce((sum, p) => sum + Number(p.high), 0);
  await eventually(() => tap.seen.length >= total, `the tap to read all ${total} events`, 30_000);
  return new Map(
    tap.seen.map((t) => [
      t.headers[HEADERS.eventId] ?? '',
      { partition: t.partition, offset: Number(t.offset), type: t.event.type },
    ]),
  );
}

/** What a process logged from the moment it began shutting down: the explanation when a check fails. */
function shutdownLogs(service: ServiceName | undefined): string[] {
  const logs = service ? processes[service].logs : [];
  const from = logs.findIndex((l) => l.msg === 'shutting down');
  return logs
    .slice(Math.max(0, from))
    .slice(0, 12)
    .map((l) => JSON.stringify(l).slice(0, 300));
}

describe('graceful shutdown of the service processes', () => {
  it('on SIGTERM each service finishes its in-flight request, commits what it handled, flushes its outbox and exits 0 within 10 s', async () => {
    for (let i = 0; i < 20; i += 1) await placeOrder(processes.order.url, orderBody());
    // Shut down while the sagas are still moving: every service has handled something, and more is coming.
    await eventually(
      async () => {
        const counts = await Promise.all(
          SERVICES.map((s) => query<{ n: string }>(s, `SELECT count(*) AS n FROM ${schemaOf(s)}.inbox`)),
        );
        return counts.every(([row]) => Number(row?.n) > 0);
      },
      'every service to have handled an event',
      60_000,
    );

    const slow = await Promise.all(SERVICES.map((s) => SlowRequest.open(processes[s].port, '/health/ready')));
    const signalledAt = SERVICES.map((s) => processes[s].signal('SIGTERM'));
    // Per service: new connections are refused while the held request is still in flight, then it
    // completes normally, then the process exits 0 inside the budget.
    const outcomes = await Promise.all(
      SERVICES.map(async (service, i) => {
        await refusesConnections(processes[service].url);
        const response = await slow[i]?.finish().catch((error: Error) => ({ status: 0, body: error.message }));
        const exit = await processes[service].exited;
        const outcome = {
          service,
          status: response?.status,
          ready: response?.body.includes('"ready"'),
          code: exit.code,
          withinBudget: exit.atMs - (signalledAt[i] ?? 0) < 10_000,
        };
        const clean = outcome.status === 200 && outcome.ready && outcome.code === 0 && outcome.withinBudget;
        return clean ? outcome : { ...outcome, logs: shutdownLogs(service) };
      }),
    );
    expect(outcomes).toEqual(
      SERVICES.map((service) => ({ service, status: 200, ready: true, code: 0, withinBudget: true })),
    );

    const index = await topicIndex(topology.topic);
    for (const service of SERVICES) {
      const committed = await committedOffsets(groups[service], topology.topic);
      const handled = await query<{ event_id: string; event_type: string }>(
        service,
        `SELECT event_id::text, event_type FROM ${schemaOf(service)}.inbox WHERE consumer_group = $1`,
        [groups[service]],
      );
      const handledIds = new Set(handled.map((r) => r.event_id));
      const handledTypes = new Set(handled.map((r) => r.event_type));
      // Everything handled is behind the committed offset (a restart would not see it again)...
      const uncommitted = handled.filter((r) => {
        const at = index.get(r.event_id);
        return !at || at.offset >= (committed.get(at.partition) ?? -1);
      });
      // ...and nothing of a kind it handles was committed without being handled.
      const skipped = [...index].filter(
        ([id, at]) =>
          handledTypes.has(at.type) && at.offset < (committed.get(at.partition) ?? -1) && !handledIds.has(id),
      );
      expect({ service, uncommitted, skipped }).toEqual({ service, uncommitted: [], skipped: [] });
      const [unpublished] = await query<{ n: string }>(
        service,
        `SELECT count(*) AS n FROM ${schemaOf(service)}.outbox WHERE published_at IS NULL`,
      );
      expect({ service, unpublished: Number(unpublished?.n) }).toEqual({ service, unpublished: 0 });
    }
  }, 120_000);

  it('a second signal during a slow shutdown forces an immediate non-zero exit', async () => {
    // Booted only now, alone, because booting competes for the CPU with the five above.
    spare = spawnService('analytics', topology, { port: await freePort() });
    await spare.ready(240_000);
    // The held request keeps the HTTP step (the first one) waiting for up to the whole budget.
    const held = await SlowRequest.open(spare.port, '/health/ready');
    const firstAt = spare.signal('SIGTERM');
    await spare.waitForLog((line) => line.msg === 'shutting down', 'shutting down', 5_000);
    const early = await Promise.race([
      spare.exited,
      new Promise((resolve) => setTimeout(() => resolve('running'), 500)),
    ]);
    expect(early).toBe('running');
    spare.signal('SIGINT');
    const exit = await spare.exited;
    expect(exit.code).toBe(1);
    expect(exit.atMs - firstAt).toBeLessThan(10_000);
    expect(spare.logs.some((line) => line.msg === 'second signal: forcing exit' && line.signal === 'SIGINT')).toBe(
      true,
    );
    held.abandon();
  }, 300_000);
});
