// The HTTP half of system-status: every instance of every service of the topology (health, readiness,
// version, uptime, outbox backlog, breakers), then the single servers beside them (simulators, mail
// catcher, schema registry) and the orders by status. Only public endpoints are read; a short timeout
// per request keeps a hung instance from holding the screen.
import type { StackEnv } from '../../infrastructure/native/stack-env';
import { SERVICES, serviceInstances, type ServiceInstance } from '../../infrastructure/native/topology';
import type { Section } from './status-kafka';
import { SERVICE_HEADER, serverRow, serviceRow, type InstanceStatus } from './status-format';

const TIMEOUT_MS = 2000;
const BREAKER_STATES = ['closed', 'half-open', 'open'];

async function get(url: string): Promise<{ status: number; text: string } | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { status: response.status, text: await response.text() };
  } catch {
    return null;
  }
}

/** Samples of one metric from Prometheus text: [labels, value][]. */
export function samples(metrics: string, name: string): Array<[Record<string, string>, number]> {
  const pattern = new RegExp(`^${name}(\\{([^}]*)\\})? (\\S+)$`, 'gm');
  return [...metrics.matchAll(pattern)].map((m) => [
    Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]])),
    Number(m[3]),
  ]);
}

function parseHealth(text: string): InstanceStatus['health'] {
  try {
    return JSON.parse(text) as InstanceStatus['health'];
  } catch {
    return {};
  }
}

async function probe(instance: ServiceInstance): Promise<{ status: InstanceStatus; metrics: string }> {
  const [health, ready, metrics] = await Promise.all([
    get(`${instance.url}/health`),
    get(`${instance.url}/health/ready`),
    get(`${instance.url}/metrics`),
  ]);
  const text = metrics?.text ?? '';
  const breakers = samples(text, 'circuit_breaker_state')
    .map(([l, v]) => `${l.breaker}=${BREAKER_STATES[v] ?? v}`)
    .join(' ');
  const status: InstanceStatus = {
    name: instance.name,
    port: instance.port,
    health: health ? parseHealth(health.text) : null,
    ready: ready?.status === 200,
    outboxBacklog: samples(text, 'outbox_backlog').reduce((sum, [, v]) => sum + v, 0),
    breakers,
  };
  return { status, metrics: text };
}

function servers(env: StackEnv): Array<{ name: string; port: number; url: string }> {
  const local = (key: string, path: string) => ({ port: Number(env[key]), url: `http://127.0.0.1:${env[key]}${path}` });
  const registry = `http://${env.REGISTRY_HOST ?? '127.0.0.1'}:${env.REGISTRY_PORT}${env.REGISTRY_CCOMPAT_PATH ?? ''}`;
  return [
    { name: 'payment-simulator', ...local('PAYMENT_SIMULATOR_PORT', '/health') },
    { name: 'carrier-simulator', ...local('CARRIER_SIMULATOR_PORT', '/health') },
    { name: 'mail-catcher', ...local('MAIL_HTTP_PORT', '/health') },
    { name: 'schema-registry', port: Number(env.REGISTRY_PORT), url: `${registry}/subjects` },
  ];
}

export async function servicesSection(env: StackEnv): Promise<Section> {
  const instances = SERVICES.flatMap((service) => serviceInstances(env, service));
  const probed = await Promise.all(instances.map(probe));
  const others = await Promise.all(servers(env).map(async (s) => ({ ...s, up: (await get(s.url)) !== null })));
  // orders_by_status is read from the database, so every order-service instance reports the same counts.
  const orderMetrics = probed.find((p, i) => instances[i]?.service === 'order-service' && p.metrics !== '');
  const orders = samples(orderMetrics?.metrics ?? '', 'orders_by_status')
    .map(([l, v]) => `${l.status}=${v}`)
    .join('  ');
  const problems =
    probed.filter((p) => !p.status.health || !p.status.ready).length + others.filter((s) => !s.up).length;
  return {
    rows: [
      SERVICE_HEADER,
      ...probed.map((p) => serviceRow(p.status)),
      ...others.map((s) => serverRow(s.name, s.port, s.up)),
      '',
      `ORDERS BY STATUS  ${orders || '(order-service down)'}`,
    ],
    problems,
  };
}
