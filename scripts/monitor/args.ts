// Command-line options of the monitor. Defaults come from infrastructure/stack.env (or the copy
// KOT_STACK_ENV names), then the usual environment variables, then flags; bad flags fail with usage.
import { BROKER_PORT_STEP, instancePort, topology } from '../../infrastructure/native/topology';
import { toolStackEnv } from '../lib/order-urls';
import type { ServiceTarget } from './services';
import { kafkaBrokers } from '@kot/service-kit';

export interface MonitorOptions {
  services: ServiceTarget[];
  topic: string;
  brokers: string[];
  registryUrl: string;
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run monitor -- [--services name=url,...] [--topic T] [--brokers host:port,...] [--registry URL]
  --services  services to watch; those named "order" or "order-<n>" supply status counts and saga durations
              (default every instance of order, inventory, shipping, notification, analytics of the running
              system's topology: instance n as "<name>-<n>" on its port + 100(n-1))
  --topic     topic to follow with the monitor's own consumer group (default $KAFKA_TOPIC or orders.events)
  --brokers   Kafka bootstrap servers (default $KAFKA_BROKERS or every broker of the topology)
  --registry  Confluent-compatible registry API (default $SCHEMA_REGISTRY_URL or stack.env's)
keys: q / Ctrl-C quit, p pause the feed, / filter by order id (enter apply, esc cancel), esc clear filter`;

const SERVICE_NAMES = ['order', 'inventory', 'shipping', 'notification', 'analytics'];

/** KEY=value lines of stack.env; quotes stripped, comments ignored. */
export function parseStackEnv(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l.trim()))
    .filter((m) => m !== null);
  return Object.fromEntries(entries.map((m) => [m[1] ?? '', (m[2] ?? '').replace(/^"(.*)"$/, '$1')]));
}

/** stack.env with the running system's topology (instances, brokers) over it; {} when unreadable. */
function readStackEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  try {
    return { ...toolStackEnv(env) };
  } catch {
    return {};
  }
}

// The service column is 13 wide: "notification-2" loses letters of its name, never its instance number.
const NAME_WIDTH = 13;

/** "order" for instance 1 (today's single-instance screen), "order-2" for the next. */
export function instanceLabel(name: string, index: number): string {
  if (index === 1) return name;
  const suffix = `-${index}`;
  return `${name.slice(0, NAME_WIDTH - suffix.length)}${suffix}`;
}

export function defaultOptions(stack: Record<string, string>, env: NodeJS.ProcessEnv): MonitorOptions {
  const host = stack.STACK_HOST ?? '127.0.0.1';
  const fallbackPorts: Record<string, number> = {
    order: 8081,
    inventory: 8082,
    shipping: 8083,
    notification: 8084,
    analytics: 8085,
  };
  const { brokers, replicas } = topology(stack);
  const kafkaPort = Number(stack.KAFKA_PORT ?? 9092);
  const brokerList = Array.from(
    { length: brokers },
    (_, i) => `${stack.KAFKA_HOST ?? host}:${kafkaPort + BROKER_PORT_STEP * i}`,
  );
  return {
    services: SERVICE_NAMES.flatMap((name) =>
      Array.from({ length: replicas }, (_, i) => ({
        name: instanceLabel(name, i + 1),
        url: `http://${host}:${instancePort(Number(stack[`${name.toUpperCase()}_SERVICE_PORT`] ?? fallbackPorts[name]), i + 1)}`,
      })),
    ),
    topic: env.KAFKA_TOPIC ?? stack.KAFKA_TOPICS?.split(/\s+/)[0]?.split(':')[0] ?? 'orders.events',
    brokers: kafkaBrokers(env.KAFKA_BROKERS, brokerList.join(',')),
    registryUrl:
      env.SCHEMA_REGISTRY_URL ??
      `http://${stack.REGISTRY_HOST ?? host}:${stack.REGISTRY_PORT ?? 8080}${stack.REGISTRY_CCOMPAT_PATH ?? '/apis/ccompat/v7'}`,
  };
}

function httpUrl(flag: string, text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/$/, '');
  } catch {
    /* reported below */
  }
  throw new UsageError(`${flag} needs http(s) URLs, got "${text}"`);
}

function serviceList(text: string): ServiceTarget[] {
  const targets = text
    .split(',')
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('=');
      if (at < 1) throw new UsageError(`--services entries look like name=url, got "${entry}"`);
      return { name: entry.slice(0, at), url: httpUrl('--services', entry.slice(at + 1)) };
    });
  if (targets.length === 0) throw new UsageError('--services needs at least one name=url');
  return targets;
}

const SETTERS: Record<string, (o: MonitorOptions, v: string) => void> = {
  '--services': (o, v) => {
    o.services = serviceList(v);
  },
  '--topic': (o, v) => {
    o.topic = v;
  },
  '--brokers': (o, v) => {
    o.brokers = v.split(',').filter(Boolean);
  },
  '--registry': (o, v) => {
    o.registryUrl = httpUrl('--registry', v);
  },
};

/** Parses `--flag value` and `--flag=value`; throws UsageError on the first bad one. */
export function parseArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  stack = readStackEnv(env),
): MonitorOptions {
  const options = defaultOptions(stack, env);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const setter = SETTERS[flag];
    if (!setter) throw new UsageError(arg === '--help' || arg === '-h' ? 'options' : `unknown argument "${arg}"`);
    const value = inline ?? argv[(i += 1)];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--')))
      throw new UsageError(`${flag} needs a value`);
    setter(options, value);
  }
  return options;
}
