// The `apps` profile of docker-compose.yml cannot be started here (no Docker engine), so this test checks
// what Compose would give each container against what the program inside reads: the environment (image ENV
// plus compose `environment`) must parse with the service's own zod schema or the simulator's own loader,
// every address in it must name a compose service on a port that service listens on, and ports, probes,
// image names and start commands must agree across compose, the Dockerfiles, package.json and stack.env.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { analyticsServiceEnv } from '../services/analytics-service/src/config';
import { inventoryServiceEnv } from '../services/inventory-service/src/config';
import { notificationServiceEnv } from '../services/notification-service/src/config';
import { orderServiceEnv } from '../services/order-service/src/config';
import { shippingServiceEnv } from '../services/shipping-service/src/config';
import { addressesIn, Compose, REPO_ROOT } from './docker/compose';
import { parseStackEnv, stackValue } from './native/stack-env';
import { loadCarrierConfig } from './simulators/src/carrier/config';
import { loadMailConfig } from './simulators/src/mail/config';
import { loadPaymentConfig } from './simulators/src/payment/config';

const compose = new Compose();
const stack = parseStackEnv(readFileSync(path.join(__dirname, 'stack.env'), 'utf8'));
const at = (key: string): string => stackValue(stack, key);
const LOOPBACK = /127\.0\.0\.1|localhost/;
const PROBE = '/app/infrastructure/docker/healthcheck.js';

const SERVICES: Record<string, { schema: z.ZodType; port: string }> = {
  'order-service': { schema: orderServiceEnv, port: 'ORDER_SERVICE_PORT' },
  'inventory-service': { schema: inventoryServiceEnv, port: 'INVENTORY_SERVICE_PORT' },
  'shipping-service': { schema: shippingServiceEnv, port: 'SHIPPING_SERVICE_PORT' },
  'notification-service': { schema: notificationServiceEnv, port: 'NOTIFICATION_SERVICE_PORT' },
  'analytics-service': { schema: analyticsServiceEnv, port: 'ANALYTICS_SERVICE_PORT' },
};

/** The variables a service schema reads: the keys of the object inside its refinements and transforms. */
function variablesOf(schema: z.core.$ZodType): string[] {
  for (
    let inner: z.core.$ZodType | undefined = schema;
    inner;
    inner = inner instanceof z.ZodPipe ? inner.in : undefined
  )
    if (inner instanceof z.ZodObject) return Object.keys(inner.shape);
  throw new Error('not an object schema');
}

/** The npm script as an exec-form command, the way an image must start the package. */
function npmScript(packageDir: string, script: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, packageDir, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return (manifest.scripts[script] ?? '').split(' ');
}

/** Addresses that would not work inside the compose network: unknown hosts, or ports nothing listens on. */
function unreachable(env: Record<string, string>): string[] {
  const problem = (host: string, port: string | undefined): string | undefined => {
    if (!compose.services[host]) return `no compose service ${host}`;
    if (port !== undefined && !compose.listens(host).includes(port)) return `${host} does not listen on ${port}`;
  };
  return Object.entries(env).flatMap(([key, value]) => {
    // A bare host (SMTP_HOST) goes with the port of the same prefix (SMTP_PORT); 0.0.0.0 is where one listens.
    const bareHost =
      key.endsWith('_HOST') && value !== '0.0.0.0' ? [{ host: value, port: env[key.replace(/_HOST$/, '_PORT')] }] : [];
    return [...addressesIn(value), ...bareHost].flatMap(({ host, port }) => {
      const found = problem(host, port);
      return found ? [`${key}=${value}: ${found}`] : [];
    });
  });
}

describe.each(Object.entries(SERVICES))('%s in the apps profile', (name, { schema, port }) => {
  const env = compose.containerEnv(name);
  const image = compose.imageConfig(name);

  it("parses with the service's own config schema", () => {
    expect(schema.safeParse(env).error?.issues ?? []).toEqual([]);
  });

  it('sets every variable its schema requires or defaults to a loopback address, and no other', () => {
    const required = (schema.safeParse({ NODE_ENV: env.NODE_ENV }).error?.issues ?? []).map((i) => String(i.path[0]));
    const defaults = Object.entries(schema.parse({}) as Record<string, unknown>);
    const loopback = defaults.filter(([, value]) => LOOPBACK.test(JSON.stringify(value))).map(([key]) => key);
    expect([...required, ...loopback].filter((key) => env[key] === undefined)).toEqual([]);
    const read = new Set(variablesOf(schema));
    // OTEL_* are read by the telemetry setup (service-kit/src/telemetry/config.ts), not the schema;
    // MALLOC_ARENA_MAX by glibc (the image sets it: see scripts/lib/start-apps.sh).
    const notTheSchemas = (key: string) => key.startsWith('OTEL_') || key === 'MALLOC_ARENA_MAX';
    expect(Object.keys(env).filter((key) => !read.has(key) && !notTheSchemas(key))).toEqual([]);
  });

  it('names only compose services, on ports they listen on', () => {
    expect(Object.values(env).filter((value) => LOOPBACK.test(value))).toEqual([]);
    expect(unreachable(env)).toEqual([]);
  });

  it('connects to Postgres database POSTGRES_DB as its own role', () => {
    const role = name.replace(/-/g, '_');
    const url = new URL(env.DATABASE_URL ?? '');
    expect([url.username, url.password, url.hostname, url.port, url.pathname]).toEqual([
      role,
      role,
      'postgres',
      at('POSTGRES_PORT'),
      `/${at('POSTGRES_DB')}`,
    ]);
  });

  it('listens on its stack.env port, which the image exposes and probes and compose publishes', () => {
    const config = schema.parse(env) as { SERVICE_PORT: number };
    expect(String(config.SERVICE_PORT)).toBe(at(port));
    expect(image.expose).toEqual([at(port)]);
    expect(compose.published(name)).toEqual([{ host: at('STACK_HOST'), hostPort: at(port), containerPort: at(port) }]);
    expect(image.healthcheck?.command).toEqual(['node', PROBE, '/health/ready', 'SERVICE_PORT']);
  });

  it(`is kafka-order-tracking/${name}, built for that service, run as its npm start script by a non-root user`, () => {
    expect(compose.image(name).repository).toBe(`kafka-order-tracking/${name}`);
    expect(compose.buildArgs(name).SERVICE).toBe(name);
    expect(image.workdir).toBe(`/app/services/${name}`);
    expect(image.cmd).toEqual(npmScript(`services/${name}`, 'start'));
    expect([image.user, image.stopSignal, image.env.NODE_ENV]).toEqual(['node', 'SIGTERM', 'production']);
  });

  it('starts after the migrations and the topics', () => {
    expect(compose.service(name).depends_on).toMatchObject({
      migrations: { condition: 'service_completed_successfully' },
      'kafka-topics': { condition: 'service_completed_successfully' },
    });
  });
});

describe('addresses between the apps', () => {
  it("reaches Kafka on its INTERNAL listener and the registry on the Confluent API's path", () => {
    const internal = /INTERNAL:\/\/([^,]+)/.exec(compose.env('kafka').KAFKA_ADVERTISED_LISTENERS ?? '')?.[1];
    for (const name of Object.keys(SERVICES)) {
      expect(compose.env(name).KAFKA_BROKERS).toBe(internal);
      expect(compose.env(name).SCHEMA_REGISTRY_URL).toBe(
        `http://registry:${at('REGISTRY_PORT')}${at('REGISTRY_CCOMPAT_PATH')}`,
      );
    }
  });

  it("gives the carrier shipping's in-network address for its tracking callbacks", () => {
    expect(new URL(compose.env('shipping-service').PUBLIC_URL ?? '').host).toBe(
      `shipping-service:${at('SHIPPING_SERVICE_PORT')}`,
    );
  });
});

const SIMULATORS = {
  'payment-simulator': { entry: 'payment', ports: ['PAYMENT_SIMULATOR_PORT'], load: loadPaymentConfig },
  'carrier-simulator': { entry: 'carrier', ports: ['CARRIER_SIMULATOR_PORT'], load: loadCarrierConfig },
  'mail-catcher': { entry: 'mail', ports: ['MAIL_SMTP_PORT', 'MAIL_HTTP_PORT'], load: loadMailConfig },
};

/** Host and ports, in the order of `ports` above, as the simulator's own loader reads them. */
function listening(name: keyof typeof SIMULATORS, env: Record<string, string>): { host: string; ports: string[] } {
  const config = SIMULATORS[name].load(env);
  const ports = 'smtpPort' in config ? [config.smtpPort, config.httpPort] : [config.port];
  return { host: config.host, ports: ports.map(String) };
}

describe.each(Object.keys(SIMULATORS) as Array<keyof typeof SIMULATORS>)('%s in the apps profile', (name) => {
  const { entry, ports } = SIMULATORS[name];
  const env = compose.containerEnv(name);
  const image = compose.imageConfig(name);
  const expected = ports.map(at);

  it('listens on every interface, on its stack.env ports, which the image exposes and compose publishes', () => {
    expect(listening(name, env)).toEqual({ host: '0.0.0.0', ports: expected });
    expect(image.expose).toEqual(expected);
    expect(compose.published(name).map((p) => [p.hostPort, p.containerPort])).toEqual(expected.map((p) => [p, p]));
  });

  it('probes /health on the port from the variable the simulator listens on', () => {
    const [node, probe, probePath, variable = ''] = image.healthcheck?.command ?? [];
    expect([node, probe, probePath]).toEqual(['node', PROBE, '/health']);
    expect(listening(name, { ...env, [variable]: '4321' }).ports).toContain('4321');
    expect(env[variable]).toBe(expected[expected.length - 1]);
  });

  it(`is kafka-order-tracking/simulator-${entry}, run as its npm start:${entry} script by a non-root user`, () => {
    expect(compose.image(name).repository).toBe(`kafka-order-tracking/simulator-${entry}`);
    expect(compose.buildArgs(name).SIMULATOR).toBe(entry);
    expect(image.workdir).toBe('/app/infrastructure/simulators');
    expect(image.cmd).toEqual(npmScript('infrastructure/simulators', `start:${entry}`));
    expect([image.user, image.stopSignal]).toEqual(['node', 'SIGTERM']);
  });
});

describe('the migrations job', () => {
  it('runs scripts/lib/migrate.sh on POSTGRES_DB against the compose Postgres, before every service', () => {
    const image = compose.imageConfig('migrations');
    expect(image.cmd).toEqual(['bash', 'scripts/lib/migrate.sh', at('POSTGRES_DB')]);
    expect(image.user).toBe('node');
    const script = readFileSync(path.join(REPO_ROOT, 'scripts/lib/migrate.sh'), 'utf8');
    for (const variable of Object.keys(compose.env('migrations'))) expect(script).toContain(`\${${variable}:-`);
    expect(compose.env('migrations')).toEqual({ PGHOST_ADDR: 'postgres', PGPORT_NUMBER: at('POSTGRES_PORT') });
    expect(compose.service('migrations').depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });
});

describe('image names and tags across compose and the Kubernetes manifests', () => {
  const k8s = path.join(__dirname, 'k8s');
  const files = readdirSync(k8s, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
  const run = new Set(
    files.flatMap((f) => [...readFileSync(path.join(k8s, f), 'utf8').matchAll(/image: (\S+)/g)].map((m) => m[1])),
  );
  const tags = files
    .filter((f) => f.endsWith('kustomization.yaml'))
    .flatMap(
      (f) =>
        (parse(readFileSync(path.join(k8s, f), 'utf8')) as { images?: Array<{ name: string; newTag: string }> })
          .images ?? [],
    );

  it('runs in Kubernetes only images compose builds, under the tag compose gives them', () => {
    const built = Object.fromEntries(
      Object.keys(compose.services)
        .filter((n) => compose.service(n).build)
        .map((n) => [compose.image(n).repository, compose.image(n).tag]),
    );
    expect(run.size).toBeGreaterThanOrEqual(8);
    expect([...run].filter((image) => !image || !(image in built))).toEqual([]);
    expect(tags.map((t) => [t.name, t.newTag])).toEqual(tags.map((t) => [t.name, built[t.name]]));
    expect(tags.map((t) => t.name).sort()).toEqual([...run].sort());
  });
});
