// `npm run bench -- --mode closed --concurrency 20 --duration 30` against the running system
// (start it with CARRIER_STEP_MS=0 so parcels are delivered at once). Measures completed sagas per
// second, end-to-end latency POST → OrderDelivered/OrderCancelled (seen on the topic), POST latency,
// events per second, CPU and peak RSS per process; writes JSON under bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sampleProcesses, usage } from './processes';
import { summarize } from './stats';
import { TerminalWatch } from './terminal-watch';

const ROOT = path.resolve(__dirname, '../..');
const { values } = parseArgs({ options: {
  mode: { type: 'string', default: 'closed' }, concurrency: { type: 'string', default: '20' }, rate: { type: 'string', default: '50' },
  duration: { type: 'string', default: '30' }, 'order-url': { type: 'string', default: 'http://127.0.0.1:8081' }, topic: { type: 'string', default: 'orders.events' },
} });
const mode = values.mode === 'open' ? 'open' : 'closed';
const durationMs = Number(values.duration) * 1000;
const orderUrl = values['order-url'] as string;

const body = (i: number) => JSON.stringify({
  customerInfo: { customerId: `BENCH-${i % 500}`, firstName: 'Bench', lastName: 'Mark', email: 'bench@example.com', phone: '+1-555-0100', address: '1 Fast Lane', city: 'Speed', state: 'CA', zipCode: '90000' },
  orderItems: [{ productId: `PROD-0${10 + (i % 10)}`, quantity: 1, unitPrice: 1 }], totalAmount: 1,
});

const post = { latencies: [] as number[], ok: 0, failed: 0 };
const started = new Map<string, number>();

async function placeOne(i: number): Promise<string | null> {
  const t0 = performance.now();
  try {
    const response = await fetch(`${orderUrl}/api/v1/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(i) });
    const json = (await response.json()) as { orderId?: string };
    post.latencies.push(performance.now() - t0);
    if (response.status !== 201 || !json.orderId) { post.failed += 1; return null; }
    post.ok += 1;
    started.set(json.orderId, Date.now());
    return json.orderId;
  } catch {
    post.failed += 1;
    return null;
  }
}

async function waitFinished(watch: TerminalWatch, orderId: string, deadline: number): Promise<void> {
  while (!watch.finishedAt.has(orderId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

async function closedLoop(watch: TerminalWatch, endAt: number): Promise<void> {
  let counter = 0;
  const worker = async () => {
    while (Date.now() < endAt) {
      const id = await placeOne(counter++);
      if (id) await waitFinished(watch, id, Date.now() + 30_000);
    }
  };
  await Promise.all(Array.from({ length: Number(values.concurrency) }, worker));
}

async function openLoop(endAt: number): Promise<void> {
  const intervalMs = 1000 / Number(values.rate);
  const inFlight: Array<Promise<unknown>> = [];
  for (let i = 0, next = Date.now(); Date.now() < endAt; i += 1, next += intervalMs) {
    inFlight.push(placeOne(i));
    await new Promise((r) => setTimeout(r, Math.max(0, next + intervalMs - Date.now())));
  }
  await Promise.all(inFlight);
}

async function main(): Promise<void> {
  const watch = new TerminalWatch([process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'], values.topic as string);
  await watch.start();
  const before = sampleProcesses(ROOT);
  const t0 = Date.now();
  const eventsBefore = watch.eventsSeen;
  if (mode === 'closed') await closedLoop(watch, t0 + durationMs); else await openLoop(t0 + durationMs);
  const windowSeconds = (Date.now() - t0) / 1000;
  const drainUntil = Date.now() + 30_000;
  while ([...started.keys()].some((id) => !watch.finishedAt.has(id)) && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  const after = sampleProcesses(ROOT);
  await watch.stop();
  const e2e = [...started].flatMap(([id, at]) => { const end = watch.finishedAt.get(id); return end ? [end.at - at] : []; });
  const completedInWindow = [...started].filter(([id]) => (watch.finishedAt.get(id)?.at ?? Infinity) <= t0 + durationMs).length;
  const result = {
    at: new Date().toISOString(), machine: { cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
    mode, concurrency: mode === 'closed' ? Number(values.concurrency) : undefined, rate: mode === 'open' ? Number(values.rate) : undefined, durationSeconds: windowSeconds,
    placed: post.ok, rejected: post.failed, completed: e2e.length, unfinished: post.ok - e2e.length,
    completedSagasPerSecond: Math.round((completedInWindow / windowSeconds) * 10) / 10,
    eventsPerSecond: Math.round((watch.eventsSeen - eventsBefore) / ((Date.now() - t0) / 1000)),
    endToEndMs: summarize(e2e), postMs: summarize(post.latencies), processes: usage(before, after, (Date.now() - t0) / 1000),
  };
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = path.join(ROOT, 'bench/results', `${result.at.replace(/[:.]/g, '-')}-${mode}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${path.relative(ROOT, file)}`);
}

main().catch((error: unknown) => { console.error(error); process.exit(1); });
