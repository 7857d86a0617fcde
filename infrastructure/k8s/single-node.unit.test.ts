// The single-node overlay, checked without kustomize or a cluster: its simulators parse their
// environment with their own config loaders and listen where the base's Services send the services,
// on infrastructure/stack.env's ports; its patches hit exactly what they mean to.
import path from 'node:path';
import { loadCarrierConfig } from '../simulators/src/carrier/config';
import { loadMailConfig } from '../simulators/src/mail/config';
import { loadPaymentConfig } from '../simulators/src/payment/config';
import { readStackEnv, stackValue } from '../native/stack-env';
import { containersOf, find, parseYamlFile, readFolder, resolveEnv, type K8sObject } from './manifests';

const stack = readStackEnv(path.join(__dirname, '../stack.env'));
const at = (key: string): number => Number(stackValue(stack, key));
const base = readFolder(path.join(__dirname, 'base'));
const overlay = readFolder(path.join(__dirname, 'overlays/single-node'));
const patchFile = (file: string) => parseYamlFile(path.join(overlay.dir, file));

interface SimulatorUnderTest {
  deployment: string;
  image: string;
  /** The base Service the overlay points at this simulator. */
  service: string;
  /** Container port name -> the port it must be, per stack.env; `http` carries /health. */
  ports: Record<string, number>;
  /** The simulator's own loader, reduced to where it listens. */
  listens: (env: NodeJS.ProcessEnv) => { host: string; ports: Record<string, number> };
}

const SIMULATORS: SimulatorUnderTest[] = [
  {
    deployment: 'payment-simulator',
    image: 'kafka-order-tracking/simulator-payment',
    service: 'payment-provider',
    ports: { http: at('PAYMENT_SIMULATOR_PORT') },
    listens: (env) => ({ host: loadPaymentConfig(env).host, ports: { http: loadPaymentConfig(env).port } }),
  },
  {
    deployment: 'carrier-simulator',
    image: 'kafka-order-tracking/simulator-carrier',
    service: 'carrier',
    ports: { http: at('CARRIER_SIMULATOR_PORT') },
    listens: (env) => ({ host: loadCarrierConfig(env).host, ports: { http: loadCarrierConfig(env).port } }),
  },
  {
    deployment: 'mail-catcher',
    image: 'kafka-order-tracking/simulator-mail',
    service: 'smtp',
    ports: { smtp: at('MAIL_SMTP_PORT'), http: at('MAIL_HTTP_PORT') },
    listens: (env) => {
      const config = loadMailConfig(env);
      return { host: config.host, ports: { smtp: config.smtpPort, http: config.httpPort } };
    },
  },
];

function simulator(name: string) {
  const deployment = find(overlay.objects, 'Deployment', name);
  const [container] = containersOf(deployment);
  if (!container) throw new Error(`${name} has no container`);
  return { deployment, container, env: resolveEnv(container, overlay.objects).env };
}

describe.each(SIMULATORS.map((s) => [s.deployment, s] as const))('single-node overlay: %s', (name, expected) => {
  it("listens on all interfaces on stack.env's ports, as its own config loader reads the environment", () => {
    const { container, env } = simulator(name);
    expect(expected.listens(env)).toEqual({ host: '0.0.0.0', ports: expected.ports });
    const declared = Object.fromEntries((container.ports ?? []).map((p) => [p.name, p.containerPort]));
    expect(declared).toEqual(expected.ports);
    expect(container.image).toBe(expected.image);
  });

  it('is probed on /health on its HTTP port', () => {
    const { container } = simulator(name);
    const health = { path: '/health', port: expected.ports.http };
    expect([container.readinessProbe?.httpGet, container.livenessProbe?.httpGet]).toEqual([health, health]);
  });

  it("stands behind the base's Service the services call, on the base's ports", () => {
    const baseService = find(base.objects, 'Service', expected.service);
    const patched = (patchFile('external-to-simulators.yaml') as K8sObject[]).find(
      (s) => s.metadata.name === expected.service,
    );
    expect(baseService.spec?.type).toBe('ExternalName');
    expect(patched?.spec).toMatchObject({ type: 'ClusterIP', externalName: null });
    expect(patched?.spec?.selector).toEqual(simulator(name).deployment.spec?.template?.metadata?.labels);
    const ports = patched?.spec?.ports ?? [];
    expect(ports.map((p) => p.port)).toEqual(expect.arrayContaining(baseService.spec?.ports?.map((p) => p.port) ?? []));
    expect(Object.fromEntries(ports.map((p) => [p.targetPort, p.port]))).toEqual(expected.ports);
  });
});

describe('single-node overlay patches', () => {
  it('external-to-simulators.yaml changes exactly the three Services the simulators stand in for', () => {
    const names = (patchFile('external-to-simulators.yaml') as K8sObject[]).map((s) => s.metadata.name);
    expect(names.sort()).toEqual(SIMULATORS.map((s) => s.service).sort());
  });

  it("small-services.yaml targets the five services' Deployments and no simulator", () => {
    const entry = overlay.kustomization.patches?.find((p) => p.path === 'small-services.yaml');
    const pattern = new RegExp(`^(?:${entry?.target?.name ?? ''})$`);
    const matched = [...base.objects, ...overlay.objects]
      .filter((o) => o.kind === 'Deployment' && pattern.test(o.metadata.name))
      .map((o) => o.metadata.name);
    const services = base.objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
    expect(entry?.target?.kind).toBe('Deployment');
    expect(matched.sort()).toEqual(services.sort());
  });

  it('small-services.yaml sets one replica and requests below the limits the base keeps', () => {
    const operations = patchFile('small-services.yaml')[0] as Array<{ op: string; path: string; value: any }>;
    const byPath = Object.fromEntries(operations.map((o) => [o.path, o.value]));
    expect(byPath['/spec/replicas']).toBe(1);
    const requests = byPath['/spec/template/spec/containers/0/resources/requests'];
    for (const deployment of base.objects.filter((o) => o.kind === 'Deployment')) {
      const limits = deployment.spec?.template?.spec?.containers?.[0]?.resources?.limits;
      expect(mebibytes(requests.memory)).toBeLessThan(mebibytes(limits?.memory ?? '0Mi'));
    }
  });

  it('lists the images of exactly its three simulators', () => {
    const listed = (overlay.kustomization.images ?? []).map((image) => image.name).sort();
    expect(listed).toEqual(SIMULATORS.map((s) => s.image).sort());
  });
});

function mebibytes(quantity: string): number {
  const match = /^(\d+)Mi$/.exec(quantity);
  if (!match?.[1]) throw new Error(`memory ${quantity} is not written in Mi`);
  return Number(match[1]);
}
