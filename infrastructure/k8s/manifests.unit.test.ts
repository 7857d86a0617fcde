// No cluster exists where this project is built, so this test keeps the kustomize base honest: each
// Deployment's environment parses with its service's own zod schema into a production configuration
// that names no loopback address, and ports, probes, images and addresses agree with one another and
// with infrastructure/stack.env. The single-node overlay has its own test beside this one.
import path from 'node:path';
import type { z } from 'zod';
import { analyticsServiceEnv, loadAnalyticsServiceConfig } from '../../services/analytics-service/src/config';
import { inventoryServiceEnv, loadInventoryServiceConfig } from '../../services/inventory-service/src/config';
import { loadNotificationServiceConfig, notificationServiceEnv } from '../../services/notification-service/src/config';
import { loadOrderServiceConfig, orderServiceEnv } from '../../services/order-service/src/config';
import { loadShippingServiceConfig, shippingServiceEnv } from '../../services/shipping-service/src/config';
import { readStackEnv, stackValue } from '../native/stack-env';
import { addressesIn, containersOf, find, localFiles, readFolder, resolveEnv, yamlFilesIn } from './manifests';

const stack = readStackEnv(path.join(__dirname, '../stack.env'));
const at = (key: string): string => stackValue(stack, key);
const base = readFolder(path.join(__dirname, 'base'));
/** runService's shutdown budget (installShutdown's default timeoutMs in service-kit). */
const SHUTDOWN_BUDGET_S = 10;
const LOOPBACK = /127\.0\.0\.1|localhost|\[::1\]/;

interface ServiceUnderTest {
  name: string;
  schema: z.ZodType;
  load: (env: NodeJS.ProcessEnv) => Record<string, unknown>;
}

const SERVICES: ServiceUnderTest[] = [
  { name: 'order-service', schema: orderServiceEnv, load: loadOrderServiceConfig },
  { name: 'inventory-service', schema: inventoryServiceEnv, load: loadInventoryServiceConfig },
  { name: 'shipping-service', schema: shippingServiceEnv, load: loadShippingServiceConfig },
  { name: 'notification-service', schema: notificationServiceEnv, load: loadNotificationServiceConfig },
  { name: 'analytics-service', schema: analyticsServiceEnv, load: loadAnalyticsServiceConfig },
];
const cases = SERVICES.map((service) => [service.name, service] as const);

/** The variable names of a service schema: serviceEnvSchema is an object inside refinements and transforms. */
function variablesOf(schema: z.ZodType): string[] {
  const def = (schema as any)._zod.def;
  if (def.type === 'object') return Object.keys(def.shape);
  if (def.type === 'pipe') return variablesOf(def.in);
  throw new Error(`unexpected schema type ${def.type}`);
}

/** Variables a production start refuses to do without (ADMIN_TOKEN), as ConfigError names them. */
function refusedWithout(service: ServiceUnderTest, env: NodeJS.ProcessEnv): string[] {
  try {
    service.load(env);
    return [];
  } catch (error) {
    return ((error as { issues?: Array<{ variable: string }> }).issues ?? []).map((issue) => issue.variable);
  }
}

/**
 * What a Deployment must set: what production refuses to start without, every variable whose default
 * points at this machine (derived from the schema, so a new one is caught), and the port and mode.
 */
function requiredInCluster(service: ServiceUnderTest): string[] {
  const defaults = service.load({});
  const local = Object.keys(defaults).filter((key) => LOOPBACK.test(JSON.stringify(defaults[key])));
  return [...new Set(['NODE_ENV', 'SERVICE_PORT', ...refusedWithout(service, { NODE_ENV: 'production' }), ...local])];
}

function deploymentOf(name: string) {
  const deployment = find(base.objects, 'Deployment', name);
  const [container, ...others] = containersOf(deployment);
  if (!container || others.length > 0) throw new Error(`${name} should run exactly one container`);
  return { deployment, container, pod: deployment.spec?.template ?? {}, ...resolveEnv(container, base.objects) };
}

describe('the kustomize folders', () => {
  it.each(['base', 'overlays/single-node'])('%s: kustomization.yaml lists every file of the folder', (dir) => {
    const folder = readFolder(path.join(__dirname, dir));
    expect(localFiles(folder.kustomization).sort()).toEqual(yamlFilesIn(folder.dir).sort());
  });

  it('base: the image list is exactly the five services, each run by its Deployment', () => {
    const listed = (base.kustomization.images ?? []).map((image) => image.name).sort();
    const run = SERVICES.map((s) => deploymentOf(s.name).container.image).sort();
    expect(listed).toEqual(run);
    expect(run).toEqual(SERVICES.map((s) => `kafka-order-tracking/${s.name}`).sort());
  });
});

describe.each(cases)('%s Deployment', (name, service) => {
  it('sets every variable the service needs in a cluster, once each, and none its schema does not know', () => {
    const { env, duplicates } = deploymentOf(name);
    const known = variablesOf(service.schema);
    expect({
      missing: requiredInCluster(service).filter((key) => !(key in env)),
      unknownToTheSchema: Object.keys(env).filter((key) => !known.includes(key)),
      setTwice: duplicates,
    }).toEqual({ missing: [], unknownToTheSchema: [], setTwice: [] });
  });

  it("parses with the service's own schema into a production configuration naming no loopback host", () => {
    const config = service.load(deploymentOf(name).env); // throws ConfigError naming each bad variable
    expect(config.NODE_ENV).toBe('production');
    const loopback = Object.keys(config).filter((key) => LOOPBACK.test(JSON.stringify(config[key])));
    expect({ pointingAtLoopback: loopback }).toEqual({ pointingAtLoopback: [] });
  });

  it("listens, is probed, scraped and reached on stack.env's port", () => {
    const port = Number(at(`${name.replace(/-/g, '_').toUpperCase()}_PORT`));
    const { env, container, pod } = deploymentOf(name);
    expect(Number(env.SERVICE_PORT)).toBe(port);
    expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/health', port });
    expect(pod.metadata?.annotations?.['prometheus.io/port']).toBe(String(port));
    expect(find(base.objects, 'Service', name).spec?.ports).toEqual([{ name: 'http', port, targetPort: 'http' }]);
  });

  it('drains before the kill and runs as a non-root user on a read-only root filesystem', () => {
    const { container, pod } = deploymentOf(name);
    const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
    expect(preStop).toBeGreaterThan(0);
    expect(pod.spec?.terminationGracePeriodSeconds).toBeGreaterThan(preStop + SHUTDOWN_BUDGET_S);
    expect(pod.spec?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
    expect(pod.spec?.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(container).toMatchObject({
      securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
    });
  });

  it("connects as its own role to its own schema of stack.env's database", () => {
    const url = new URL(deploymentOf(name).env.DATABASE_URL ?? '');
    const role = name.replace(/-/g, '_');
    expect(at('POSTGRES_SERVICE_SCHEMAS').split(' ')).toContain(role);
    expect({ user: url.username, database: url.pathname, schema: url.searchParams.get('schema') }).toEqual({
      user: role,
      database: `/${at('POSTGRES_DB')}`,
      schema: role,
    });
  });

  it('is migrated by the Job with its own image and the same database URL', () => {
    const { container, deployment } = deploymentOf(name);
    const job = find(base.objects, 'Job', 'kot-migrate');
    const migration = containersOf(job).find((c) => c.name === `migrate-${name}`);
    expect(migration).toMatchObject({
      image: container.image,
      command: ['npx', '--no-install', 'prisma', 'migrate', 'deploy'],
    });
    expect(resolveEnv(migration!, base.objects).env.DATABASE_URL).toBe(deploymentOf(name).env.DATABASE_URL);
    expect(deployment.spec?.template?.spec?.securityContext).toEqual(job.spec?.template?.spec?.securityContext);
  });

  it('is selected by its Service and its PodDisruptionBudget', () => {
    const { deployment, pod } = deploymentOf(name);
    const selector = deployment.spec?.selector?.matchLabels ?? {};
    expect(pod.metadata?.labels).toMatchObject(selector);
    expect(find(base.objects, 'Service', name).spec?.selector).toEqual(selector);
    const budget = find(base.objects, 'PodDisruptionBudget', name).spec;
    expect(budget?.selector?.matchLabels).toEqual(selector);
    expect(budget?.maxUnavailable ?? budget?.minAvailable).toBe(1);
  });
});

describe('addresses', () => {
  it('every address a service is given is a Service of the base, on a port that Service declares', () => {
    const unknown = SERVICES.flatMap((s) =>
      addressesIn(deploymentOf(s.name).env)
        .filter(
          (a) =>
            !base.objects.some(
              (o) =>
                o.kind === 'Service' && o.metadata.name === a.host && o.spec?.ports?.some((p) => p.port === a.port),
            ),
        )
        .map((a) => `${s.name} ${a.variable} -> ${a.host}:${a.port}`),
    );
    expect(unknown).toEqual([]);
  });

  it("Kafka, the registry and Postgres are external, on stack.env's ports, with stack.env's topics", () => {
    const portOf = (name: string) => find(base.objects, 'Service', name).spec?.ports?.map((p) => p.port);
    expect(['kafka', 'schema-registry', 'postgres'].map((n) => find(base.objects, 'Service', n).spec?.type)).toEqual(
      Array(3).fill('ExternalName'),
    );
    expect(portOf('kafka')).toEqual([Number(at('KAFKA_PORT'))]);
    expect(portOf('schema-registry')).toEqual([Number(at('REGISTRY_PORT'))]);
    expect(portOf('postgres')).toEqual([Number(at('POSTGRES_PORT'))]);
    const common = find(base.objects, 'ConfigMap', 'kot-common').data ?? {};
    expect(new URL(common.SCHEMA_REGISTRY_URL ?? '').pathname).toBe(at('REGISTRY_CCOMPAT_PATH'));
    const topics = at('KAFKA_TOPICS')
      .split(' ')
      .map((t) => t.split(':')[0]);
    expect(topics).toEqual(expect.arrayContaining([common.KAFKA_TOPIC, common.KAFKA_DLQ_TOPIC]));
  });
});

describe('capacity', () => {
  it("all replicas' pools fit in Postgres' default max_connections, with room for the registry and tools", () => {
    const POSTGRES_DEFAULT_MAX_CONNECTIONS = 100;
    const RESERVED = 20; // the registry's pool, the migration Job, psql sessions, the operator's own
    const held = SERVICES.map((s) => {
      const { deployment } = deploymentOf(s.name);
      const pool = Number(s.load(deploymentOf(s.name).env).DB_POOL_SIZE);
      return (pool + 1) * (deployment.spec?.replicas ?? 1); // + 1: the relay's LISTEN connection
    });
    expect(held.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(POSTGRES_DEFAULT_MAX_CONNECTIONS - RESERVED);
  });
});
