// Reads the kustomize folders the way the honesty tests need them, without kustomize or a cluster:
// every YAML document of the files a kustomization lists, and a container's environment as the
// kubelet would assemble it (envFrom in order, then env) from the ConfigMaps and Secrets beside it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

type Labels = Record<string, string>;

/** The parts of Deployments, Jobs, Services and PodDisruptionBudgets the tests read. */
export interface Spec {
  replicas?: number;
  selector?: Labels & { matchLabels?: Labels };
  type?: string;
  externalName?: string | null;
  ports?: Array<{ name?: string; port: number; targetPort?: number | string }>;
  maxUnavailable?: number;
  minAvailable?: number;
  template?: { metadata?: { labels?: Labels; annotations?: Labels }; spec?: PodSpec };
}

export interface PodSpec {
  initContainers?: Container[];
  containers?: Container[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
}

export interface K8sObject {
  kind: string;
  metadata: { name: string; labels?: Labels; annotations?: Labels };
  spec?: Spec;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export interface Kustomization {
  resources?: string[];
  patches?: Array<{ path: string; target?: { kind?: string; name?: string } }>;
  images?: Array<{ name: string; newTag?: string }>;
}

export interface Folder {
  dir: string;
  kustomization: Kustomization;
  /** Documents of the listed local files, each with the file it came from. */
  objects: Array<K8sObject & { file: string }>;
}

export function parseYamlFile(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as unknown;
  });
}

/** Listed entries that are files of this folder (not `../../base`-style references to other folders). */
export function localFiles(kustomization: Kustomization): string[] {
  const listed = [...(kustomization.resources ?? []), ...(kustomization.patches ?? []).map((p) => p.path)];
  return listed.filter((entry) => !entry.includes('/'));
}

export function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => /\.ya?ml$/.test(name) && name !== 'kustomization.yaml');
}

export function readFolder(dir: string): Folder {
  const [kustomization] = parseYamlFile(path.join(dir, 'kustomization.yaml')) as Kustomization[];
  if (!kustomization) throw new Error(`${dir}/kustomization.yaml is empty`);
  const patchFiles = new Set((kustomization.patches ?? []).map((p) => p.path));
  const objects = (kustomization.resources ?? [])
    .filter((entry) => !entry.includes('/') && !patchFiles.has(entry))
    .flatMap((file) => (parseYamlFile(path.join(dir, file)) as K8sObject[]).map((object) => ({ ...object, file })));
  return { dir, kustomization, objects };
}

export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name}`);
  return found;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  env?: Array<{ name: string; value?: string; valueFrom?: EnvSource }>;
  readinessProbe?: { httpGet?: { path: string; port: number | string } };
  livenessProbe?: { httpGet?: { path: string; port: number | string } };
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}

interface EnvSource {
  configMapKeyRef?: { name: string; key: string };
  secretKeyRef?: { name: string; key: string };
}

/** A Deployment's (or Job's) containers, init containers first, in the order they run. */
export function containersOf(workload: K8sObject): Container[] {
  const pod = workload.spec?.template?.spec ?? {};
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
}

/** ConfigMap data or Secret stringData, as the container would see it. */
function keysOf(objects: readonly K8sObject[], kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> {
  const source = find(objects, kind, name);
  const values = kind === 'ConfigMap' ? source.data : source.stringData;
  if (!values) throw new Error(`${kind} ${name} has no ${kind === 'ConfigMap' ? 'data' : 'stringData'}`);
  return values;
}

function valueOf(objects: readonly K8sObject[], source: EnvSource): string {
  const ref = source.configMapKeyRef ?? source.secretKeyRef;
  if (!ref) throw new Error('only configMapKeyRef and secretKeyRef are supported');
  const value = keysOf(objects, source.configMapKeyRef ? 'ConfigMap' : 'Secret', ref.name)[ref.key];
  if (value === undefined) throw new Error(`${ref.name} has no key ${ref.key}`);
  return value;
}

export interface ResolvedEnv {
  env: Record<string, string>;
  /** Variables set by more than one source: legal for the kubelet, but a trap for whoever edits one of them. */
  duplicates: string[];
}

export function resolveEnv(container: Container, objects: readonly K8sObject[]): ResolvedEnv {
  const env: Record<string, string> = {};
  const duplicates: string[] = [];
  const set = (key: string, value: string): void => {
    if (key in env) duplicates.push(key);
    env[key] = String(value);
  };
  for (const from of container.envFrom ?? []) {
    const values = from.configMapRef
      ? keysOf(objects, 'ConfigMap', from.configMapRef.name)
      : keysOf(objects, 'Secret', from.secretRef?.name ?? '');
    for (const [key, value] of Object.entries(values)) set(key, value);
  }
  for (const entry of container.env ?? [])
    set(entry.name, entry.valueFrom ? valueOf(objects, entry.valueFrom) : (entry.value ?? ''));
  return { env, duplicates };
}

export interface Address {
  variable: string;
  host: string;
  port: number;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'postgres:': 5432, 'postgresql:': 5432 };

/** Every address an environment names: URLs, KAFKA_BROKERS' host:port items, and X_HOST with X_PORT. */
export function addressesIn(env: Record<string, string>): Address[] {
  return Object.entries(env).flatMap(([variable, value]): Address[] => {
    if (/^[a-z]+:\/\//.test(value) && URL.canParse(value)) {
      const url = new URL(value);
      return [{ variable, host: url.hostname, port: Number(url.port || DEFAULT_PORTS[url.protocol]) }];
    }
    const portKey = variable.replace(/_HOST$/, '_PORT');
    if (portKey !== variable && env[portKey] !== undefined)
      return [{ variable, host: value, port: Number(env[portKey]) }];
    if (variable !== 'KAFKA_BROKERS') return [];
    return value.split(',').map((broker) => {
      const [host = '', port = ''] = broker.trim().split(':');
      return { variable, host, port: Number(port) };
    });
  });
}
