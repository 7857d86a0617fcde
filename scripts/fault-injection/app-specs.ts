// What the fault run starts: the three simulators and every instance of the five services, each with the
// environment that points it at the isolated stack. The supervisor (supervisor.ts) runs them as processes.
import path from 'node:path';
import {
  instancePoolSize,
  kafkaBrokerList,
  serviceInstances,
  topology,
  type ServiceName,
} from '../../infrastructure/native/topology';
import { databaseUrl, type IsolatedStack } from './stack';

export interface AppSpec {
  name: string;
  dir: string;
  entry: string;
  port: string;
  readyPath: string;
  env: Record<string, string>;
  /** A spare instance is not started with the others: a fault adds it mid-run (a consumer-group rebalance). */
  spare?: boolean;
}

/** Set here rather than left to the services' defaults: the race faults are sized against them. */
export const CARRIER_TIMEOUT_MS = 3_000;
export const SMTP_TIMEOUT_MS = 5_000;
export const SMTP_SEND_DEADLINE_MS = 10_000;

export interface AppOptions {
  carrierStepMs: number;
  reservationTtlMs: number;
}

/** Every instance of a service (and, for the order service of a scale-out run, the spare one). */
function serviceSpecs(
  stack: IsolatedStack,
  name: ServiceName,
  extra: (port: number) => Record<string, string>,
): AppSpec[] {
  const e = stack.env;
  const { replicas } = topology(e);
  const withSpare = name === 'order-service' && replicas > 1;
  const instances = serviceInstances({ ...e, SERVICE_REPLICAS: String(replicas + (withSpare ? 1 : 0)) }, name);
  return instances.map((instance) => ({
    name: instance.name,
    dir: `services/${name}`,
    entry: 'src/main.ts',
    port: String(instance.port),
    readyPath: '/health/ready',
    spare: instance.index > replicas,
    env: {
      SERVICE_PORT: String(instance.port),
      DATABASE_URL: databaseUrl(stack, name.replace(/-/g, '_')),
      KAFKA_BROKERS: kafkaBrokerList(e).join(','),
      SCHEMA_REGISTRY_URL: `http://${e.REGISTRY_HOST}:${e.REGISTRY_PORT}${e.REGISTRY_CCOMPAT_PATH}`,
      DB_POOL_SIZE: String(instancePoolSize(replicas)),
      ...extra(instance.port),
    },
  }));
}

/** What each process needs to find the isolated stack; the services' config.ts files parse it. */
export function appSpecs(stack: IsolatedStack, { carrierStepMs, reservationTtlMs }: AppOptions): AppSpec[] {
  const e = stack.env;
  const url = (key: string) => `http://127.0.0.1:${e[key]}`;
  const simulator = (name: string, entry: string, portKey: string, env: Record<string, string>): AppSpec => ({
    name,
    dir: 'infrastructure/simulators',
    entry,
    port: e[portKey] ?? '',
    readyPath: '/health',
    env,
  });
  return [
    simulator('payment-simulator', 'src/payment/main.ts', 'PAYMENT_SIMULATOR_PORT', {
      PAYMENT_PORT: e.PAYMENT_SIMULATOR_PORT ?? '',
    }),
    simulator('carrier-simulator', 'src/carrier/main.ts', 'CARRIER_SIMULATOR_PORT', {
      CARRIER_PORT: e.CARRIER_SIMULATOR_PORT ?? '',
      CARRIER_STEP_MS: String(carrierStepMs),
    }),
    simulator('mail-catcher', 'src/mail/main.ts', 'MAIL_HTTP_PORT', {
      MAIL_SMTP_PORT: e.MAIL_SMTP_PORT ?? '',
      MAIL_HTTP_PORT: e.MAIL_HTTP_PORT ?? '',
      MAIL_DIR: path.join(stack.dir, 'mail'),
    }),
    ...serviceSpecs(stack, 'order-service', () => ({ PAYMENT_PROVIDER_URL: url('PAYMENT_SIMULATOR_PORT') })),
    // A short hold TTL (a race fault for the whole run): holds expire while orders wait on payment or the carrier.
    ...serviceSpecs(stack, 'inventory-service', () => ({ RESERVATION_TTL_MS: String(reservationTtlMs) })),
    // Each instance gives the carrier its own address: the carrier calls back the instance that booked. As for
    // SMTP below, the backoff is capped at 10 s (default 30 s): after a 30 s carrier outage a booking or a
    // cancellation may otherwise wait 30 s more for its next try, half the recovery budget (measured: 47 s
    // recoveries, the last orders all waiting on the carrier worker's next try).
    ...serviceSpecs(stack, 'shipping-service', (port) => ({
      CARRIER_URL: url('CARRIER_SIMULATOR_PORT'),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      CARRIER_TIMEOUT_MS: String(CARRIER_TIMEOUT_MS),
      CARRIER_BACKOFF_MAX_MS: '10s',
    })),
    // A 30 s SMTP outage must not push retries minutes out: cap the backoff so mail catches up quickly.
    ...serviceSpecs(stack, 'notification-service', () => ({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: e.MAIL_SMTP_PORT ?? '',
      NOTIFY_RETRY_MAX_MS: '10s',
      SMTP_TIMEOUT_MS: String(SMTP_TIMEOUT_MS),
      SMTP_SEND_DEADLINE_MS: String(SMTP_SEND_DEADLINE_MS),
    })),
    ...serviceSpecs(stack, 'analytics-service', () => ({})),
  ];
}
