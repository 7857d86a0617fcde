// One screen of system status, read only from public interfaces: /health, /health/ready, /metrics
// and Kafka's admin API. Anything that does not answer is reported as down; the rest still prints.
import { Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers } from '@kot/service-kit';

const SERVICES: Array<[string, number]> = [
  ['order-service', 8081],
  ['inventory-service', 8082],
  ['shipping-service', 8083],
  ['notification-service', 8084],
  ['analytics-service', 8085],
];
const SIMULATORS: Array<[string, number]> = [
  ['payment-simulator', 8091],
  ['carrier-simulator', 8092],
  ['mail-catcher', 8025],
  ['schema-registry', 8080],
];
const TOPIC = process.env.KAFKA_TOPIC ?? 'orders.events';
const DLQ = process.env.KAFKA_DLQ_TOPIC ?? 'orders.events.dlq';

async function get(url: string): Promise<{ status: number; text: string } | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return { status: response.status, text: await response.text() };
  } catch {
    return null;
  }
}

/** Samples of one metric from Prometheus text: [labels, value][]. */
function samples(metrics: string, name: string): Array<[Record<string, string>, number]> {
  const pattern = new RegExp(`^${name}(\\{([^}]*)\\})? (\\S+)$`, 'gm');
  return [...metrics.matchAll(pattern)].map((m) => [
    Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]])),
    Number(m[3]),
  ]);
}

async function serviceRows(): Promise<string[]> {
  const rows = ['SERVICE                PORT  HEALTH  READY      VERSION  UPTIME   OUTBOX  BREAKERS'];
  const metricsByService = new Map<string, string>();
  for (const [name, port] of SERVICES) {
    const [health, ready, metrics] = await Promise.all([
      get(`http://127.0.0.1:${port}/health`),
      get(`http://127.0.0.1:${port}/health/ready`),
      get(`http://127.0.0.1:${port}/metrics`),
    ]);
    if (!health) {
      rows.push(`${name.padEnd(22)} ${port}  DOWN`);
      continue;
    }
    const info = JSON.parse(health.text) as { version?: string; uptimeSeconds?: number };
    const text = metrics?.text ?? '';
    metricsByService.set(name, text);
    const backlog = samples(text, 'outbox_backlog').reduce((sum, [, v]) => sum + v, 0);
    const breakers =
      samples(text, 'circuit_breaker_state')
        .map(([l, v]) => `${l.breaker}=${['closed', 'half-open', 'open'][v] ?? v}`)
        .join(' ') || '-';
    rows.push(
      `${name.padEnd(22)} ${port}  up      ${(ready?.status === 200 ? 'ready' : 'NOT READY').padEnd(10)} ${(info.version ?? '?').padEnd(8)} ${`${Math.round(info.uptimeSeconds ?? 0)}s`.padEnd(8)} ${String(backlog).padEnd(7)} ${breakers}`,
    );
  }
  for (const [name, port] of SIMULATORS) {
    const path =
      name === 'schema-registry' ? '/apis/ccompat/v7/subjects' : name === 'mail-catcher' ? '/health' : '/health';
    rows.push(`${name.padEnd(22)} ${port}  ${(await get(`http://127.0.0.1:${port}${path}`)) ? 'up' : 'DOWN'}`);
  }
  const orders = samples(metricsByService.get('order-service') ?? '', 'orders_by_status')
    .map(([l, v]) => `${l.status}=${v}`)
    .join('  ');
  rows.push('', `ORDERS BY STATUS  ${orders || '(order-service down)'}`);
  return rows;
}

async function kafkaRows(): Promise<string[]> {
  const admin = new Kafka({
    clientId: 'system-status',
    brokers: kafkaBrokers(process.env.KAFKA_BROKERS),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 2000,
  }).admin();
  try {
    await admin.connect();
    const ends = (await admin.fetchTopicOffsets(TOPIC)).sort((a, b) => a.partition - b.partition);
    const dlq = await admin.fetchTopicOffsets(DLQ);
    const rows = [
      `TOPIC ${TOPIC}  end offsets: ${ends.map((p) => `p${p.partition}=${p.high}`).join(' ')}`,
      `DLQ ${DLQ}  messages: ${dlq.reduce((s, p) => s + Number(p.high) - Number(p.low), 0)}`,
      '',
      'CONSUMER GROUP          LAG  (per partition)',
    ];
    for (const group of SERVICES.map(([name]) => name)) {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [TOPIC] });
      const lags = [...(offsets?.partitions ?? [])]
        .sort((a, b) => a.partition - b.partition)
        .map((p) => {
          const high = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
          return { partition: p.partition, lag: Math.max(0, high - Math.max(0, Number(p.offset))) };
        });
      rows.push(
        `${group.padEnd(22)} ${String(lags.reduce((sum, l) => sum + l.lag, 0)).padEnd(5)} ${lags.map((l) => `p${l.partition}=${l.lag}`).join(' ')}`,
      );
    }
    return rows;
  } catch (error) {
    return [`KAFKA DOWN (${(error as Error).message})`];
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const [services, kafka] = await Promise.all([serviceRows(), kafkaRows()]);
  console.log(
    [`Kafka Order Tracking — status at ${new Date().toISOString()}`, '', ...services, '', ...kafka].join('\n'),
  );
  if (services.some((r) => / DOWN|NOT READY/.test(r)) || kafka.some((r) => r.startsWith('KAFKA DOWN')))
    process.exitCode = 1;
}

void main();
