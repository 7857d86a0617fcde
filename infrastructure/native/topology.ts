// How many Kafka brokers and how many instances of each service a stack runs, and where each one
// listens. The defaults (one of each) come from stack.env; `start-system.sh --brokers N --replicas N`
// records a running system's choice in <STACK_LOCAL_DIR>/run/topology.env, which bash (common.sh's
// load_stack_env) and TypeScript (readTopologyEnv) read over stack.env. The port rules below are the
// same ones common.sh applies (kafka_node_port, instance_port); a unit test holds the two equal.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseStackEnv, readStackEnv, stackValue, type StackEnv } from './stack-env';

/** Broker n listens on KAFKA_PORT + 2(n-1), its controller on KAFKA_CONTROLLER_PORT + 2(n-1). */
export const BROKER_PORT_STEP = 2;
/** Instance n of a service listens on its port + 100(n-1): 8081, 8181, 8281 for the order service. */
export const INSTANCE_PORT_STEP = 100;
export const MAX_BROKERS = 5;
export const MAX_REPLICAS = 9;

export const SERVICES = [
  'order-service',
  'inventory-service',
  'shipping-service',
  'notification-service',
  'analytics-service',
] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface Topology {
  brokers: number;
  replicas: number;
}

export interface BrokerNode {
  id: number;
  host: string;
  port: number;
  controllerPort: number;
}

export interface ServiceInstance {
  service: ServiceName;
  /** 1-based; instance 1 keeps the service's plain name (pid and log files), later ones get a suffix. */
  index: number;
  name: string;
  port: number;
  url: string;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function count(env: StackEnv, key: string, max: number): number {
  const text = env[key] ?? '1';
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${key} must be a whole number from 1 to ${max}, got "${text}"`);
  }
  return value;
}

export function topology(env: StackEnv): Topology {
  return {
    brokers: count(env, 'KAFKA_BROKER_COUNT', MAX_BROKERS),
    replicas: count(env, 'SERVICE_REPLICAS', MAX_REPLICAS),
  };
}

/** Replication factor of the project's topics and Kafka's internal ones: 3 once there are 3 brokers. */
export function replicationFactor(brokers: number): number {
  return Math.min(3, brokers);
}

/** With RF 3, a write needs two copies: one broker may be lost without losing an acknowledged event. */
export function minInsyncReplicas(brokers: number): number {
  return Math.max(1, replicationFactor(brokers) - 1);
}

/**
 * DB_POOL_SIZE of each instance when a service runs N: Postgres allows 100 connections and an instance holds
 * its pool + 1 (the relay's LISTEN), so 10 / N (at least 2) keeps the five services near 60 in all.
 */
export function instancePoolSize(replicas: number): number {
  return Math.max(2, Math.floor(10 / replicas));
}

export function brokerNodes(env: StackEnv): BrokerNode[] {
  const host = stackValue(env, 'KAFKA_HOST');
  const port = Number(stackValue(env, 'KAFKA_PORT'));
  const controllerPort = Number(stackValue(env, 'KAFKA_CONTROLLER_PORT'));
  return Array.from({ length: topology(env).brokers }, (_, i) => ({
    id: i + 1,
    host,
    port: port + BROKER_PORT_STEP * i,
    controllerPort: controllerPort + BROKER_PORT_STEP * i,
  }));
}

/** host:port of every broker, the form KAFKA_BROKERS takes (comma-joined). */
export function kafkaBrokerList(env: StackEnv): string[] {
  return brokerNodes(env).map((node) => `${node.host}:${node.port}`);
}

export function instanceName(service: string, index: number): string {
  return index === 1 ? service : `${service}-${index}`;
}

export function instancePort(basePort: number, index: number): number {
  return basePort + INSTANCE_PORT_STEP * (index - 1);
}

const portKey = (service: ServiceName) => `${service.toUpperCase().replace(/-/g, '_')}_PORT`;

export function serviceInstances(env: StackEnv, service: ServiceName): ServiceInstance[] {
  const base = Number(stackValue(env, portKey(service)));
  return Array.from({ length: topology(env).replicas }, (_, i) => {
    const port = instancePort(base, i + 1);
    return { service, index: i + 1, name: instanceName(service, i + 1), port, url: `http://127.0.0.1:${port}` };
  });
}

/** Where a running system's topology is recorded (start-system.sh writes it, stop-system.sh removes it). */
export function topologyFile(env: StackEnv): string {
  const localDir = env.STACK_LOCAL_DIR || path.join(REPO_ROOT, '.local');
  return path.join(localDir, 'run', 'topology.env');
}

/** stack.env with the running system's topology over it: what every tool should read. */
export function readTopologyEnv(file?: string): StackEnv {
  const env = readStackEnv(file);
  const recorded = topologyFile(env);
  return existsSync(recorded) ? { ...env, ...parseStackEnv(readFileSync(recorded, 'utf8')) } : env;
}
