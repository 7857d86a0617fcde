import { randomUUID } from 'node:crypto';
import { HEADERS, sampleEvent } from '@kot/events';
import { createTestTopics, eventually, EventTap, hostPort, STACK, TcpProxy, type ServiceProcess } from '@kot/testing';
import { getJson } from '../support/http';
import { allocatePorts, query, spawnService, startFakes, type Topology } from './support';

// One inventory process behind TCP proxies we open, close and cut: it must boot without its
// dependencies, say why it is not ready, retry with backoff and resume without a restart.
let topology: Topology;
let tap: EventTap;
const running: ServiceProcess[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  const { topic, deadLetterTopic } = await createTestTopics('outages');
  topology = { topic, deadLetterTopic, fakes: await startFakes(), ports: await allocatePorts() };
  tap = await new EventTap(topic).start();
});

afterAll(async () => {
  await Promise.all(running.map((p) => p.kill()));
  await Promise.all(proxies.map((p) => p.stop()));
  await tap?.stop();
  await topology?.fakes.close();
});

async function proxyTo(address: string): Promise<TcpProxy> {
  const proxy = await new TcpProxy(hostPort(address)).listen({ open: false });
  proxies.push(proxy);
  return proxy;
}

function through(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.port = String(proxy.port);
  return parsed.toString().replace(/\/$/, '');
}

interface Readiness {
  status: number;
  body: { checks: Record<string, { ok: boolean; detail?: string }> };
}
const readiness = (service: ServiceProcess): Promise<Readiness> =>
  fetch(`${service.url}/health/ready`).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as Readiness['body'],
  }));
const failing = (report: Readiness): string[] =>
  Object.entries(report.body.checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name);

/** Asks inventory to reserve stock for a new order; returns the order id. */
async function requestReservation(): Promise<string> {
  const orderId = `ord-${randomUUID()}`;
  await tap.publish(
    sampleEvent('InventoryReservationRequested', { orderId, items: [{ productId: 'PROD-001', quantity: 1 }] }),
    { producer: 'order-service' },
  );
  return orderId;
}

const repliesTo = (orderId: string) =>
  tap.of(orderId).filter((t) => t.headers[HEADERS.producer] === 'inventory-service');

describe('inventory with Postgres and the registry going away', () => {
  it('boots without them, resumes when they appear, and processes an event produced during a later outage exactly once', async () => {
    const db = await proxyTo(STACK.databaseUrl('inventory_service'));
    const registry = await proxyTo(STACK.registryUrl);
    const service = spawnService('inventory', topology, {
      env: {
        DATABASE_URL: through(STACK.databaseUrl('inventory_service'), db),
        SCHEMA_REGISTRY_URL: through(STACK.registryUrl, registry),
      },
    });
    running.push(service);

    const down = await eventually(
      async () => {
        const r = await readiness(service);
        return r.status === 503 && r;
      },
      'a 503 from /health/ready',
      90_000,
      500,
    );
    expect(failing(down)).toEqual(expect.arrayContaining(['postgres', 'schema-registry']));
    expect((await getJson(`${service.url}/health`)).status).toBe('ok');
    // Two failed attempts with a growing delay: it is backing off, not spinning or giving up.
    const retries = await eventually(
      () => {
        const r = service.logs.filter((l) => l.msg === 'start-up failed; retrying');
        return r.length >= 2 && r;
      },
      'start-up retries',
      30_000,
    );
    expect(Number(retries[1]?.retryInMs)).toBeGreaterThan(Number(retries[0]?.retryInMs));

    db.setOpen(true);
    registry.setOpen(true);
    await eventually(
      async () => (await readiness(service)).status === 200,
      'ready once the dependencies are reachable',
      60_000,
      500,
    );
    const first = await requestReservation();
    await eventually(() => repliesTo(first).length > 0, 'a reply to the first request', 60_000);

    db.drop();
    registry.drop();
    const outage = await eventually(
      async () => {
        const r = await readiness(service);
        return r.status === 503 && r;
      },
      'not ready during the outage',
      30_000,
      500,
    );
    expect(failing(outage)).toContain('postgres');
    const during = await requestReservation();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    expect(repliesTo(during)).toHaveLength(0);

    const acceptedBefore = db.accepted;
    db.setOpen(true);
    registry.setOpen(true);
    await eventually(
      async () => (await readiness(service)).status === 200,
      'ready again after the outage',
      60_000,
      500,
    );
    await eventually(() => repliesTo(during).length > 0, 'the reply to the request made during the outage', 60_000);
    expect(db.accepted).toBeGreaterThan(acceptedBefore); // it reconnected through the proxy, not around it
    // Let any redelivery land before counting: one reply, one inbox row, and the process never restarted.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(repliesTo(during)).toHaveLength(1);
    const inbox = await query<{ n: string }>(
      'inventory',
      'SELECT count(*) AS n FROM inventory_service.inbox WHERE event_id = $1::uuid',
      [tap.of(during)[0]?.headers[HEADERS.eventId]],
    );
    expect(Number(inbox[0]?.n)).toBe(1);
    expect(service.logs.filter((l) => typeof l.msg === 'string' && l.msg.endsWith(' ready'))).toHaveLength(1);
    // And after all that it still shuts down cleanly (the next test must not see its replies).
    service.signal('SIGTERM');
    expect((await service.exited).code).toBe(0);
  }, 300_000);
});

describe('inventory with Kafka unreachable at start', () => {
  it('stays up and not ready naming Kafka, then connects and consumes once the broker is reachable', async () => {
    const broker = await proxyTo(STACK.brokers[0] ?? '127.0.0.1:9092');
    const service = spawnService('inventory', topology, {
      port: topology.ports.shipping,
      env: { KAFKA_BROKERS: `127.0.0.1:${broker.port}` },
    });
    running.push(service);

    const down = await eventually(
      async () => {
        const r = await readiness(service);
        return r.status === 503 && r;
      },
      'a 503 from /health/ready',
      90_000,
      500,
    );
    expect(failing(down)).toEqual(expect.arrayContaining(['kafka', 'consumer']));
    await service.waitForLog((l) => l.msg === 'messaging could not start; retrying', 'a start retry', 90_000);

    broker.setOpen(true);
    await eventually(
      async () => (await readiness(service)).status === 200,
      'ready once the broker is reachable',
      90_000,
      500,
    );
    const orderId = await requestReservation();
    await eventually(() => repliesTo(orderId).length > 0, 'a reply from the late-started consumer', 60_000);
    expect(service.logs.filter((l) => typeof l.msg === 'string' && l.msg.endsWith(' ready'))).toHaveLength(1);
  }, 240_000);
});
