// Command line of `npm run bench`: what to run and against what. Parsed once here; the rest of the
// bench gets a typed BenchConfig. Environment variables (stack.env names) give the addresses, else the
// topology of the running system (every order-service instance, every broker); ORDER_URL may list several.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { StackEnv } from '../../infrastructure/native/stack-env';
import { resolveOrderUrls, toolKafkaBrokers, toolStackEnv } from '../lib/order-urls';

const HELP = `npm run bench -- [options]
  --mode suite|closed|open|max   suite = max search, then every --rates step (default suite)
  --concurrency N                closed loop workers (default 20)
  --rates 50,200,500,1000        open-loop rates in orders/s (suite and open)
  --duration S                   measured seconds per run (default 60)
  --warmup S                     seconds of load before the measured window of each run (default 10)
  --max-start N --max-factor F   max search: first concurrency and growth per step (default 4, 2)
  --max-steps N                  max search: at most this many steps (default 6)
  --drain S                      seconds to wait for in-flight sagas after the load stops (default 60)
  --no-ceilings                  skip the pgbench and raw Kafka ceilings
  --no-restock                   do not raise the stock of PROD-010..019 before each run (ADMIN_TOKEN)
  --require-instant              fail when the carrier simulator is not started with CARRIER_STEP_MS=0
  --label TEXT                   free text stored with the results`;

const schema = z.object({
  mode: z.enum(['suite', 'closed', 'open', 'max']),
  concurrency: z.coerce.number().int().positive(),
  rates: z.array(z.number().positive()).min(1),
  durationS: z.coerce.number().positive(),
  warmupS: z.coerce.number().nonnegative(),
  maxStart: z.coerce.number().int().positive(),
  maxFactor: z.coerce.number().min(1.1),
  maxSteps: z.coerce.number().int().positive(),
  drainS: z.coerce.number().nonnegative(),
  ceilings: z.boolean(),
  restock: z.boolean(),
  requireInstant: z.boolean(),
  label: z.string(),
});

export interface Endpoints {
  /** Every order-service instance; the bench places each order on the next one in turn. */
  orderUrls: string[];
  inventoryUrl: string;
  /** For the stock top-up; the services' development token when unset. */
  adminToken: string | undefined;
  paymentUrl: string;
  carrierUrl: string;
  mailUrl: string;
  brokers: string[];
  registryUrl: string;
  topic: string;
  /** Superuser connection to the server the services use; the bench reads the `kot` database. */
  pg: { host: string; port: number; user: string; password: string; database: string };
}

export type BenchConfig = z.output<typeof schema> & { endpoints: Endpoints };

export function parseRates(text: string): number[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
}

/** `stack` is stack.env with the running system's topology over it: the instances and brokers to use. */
export function loadBenchConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
  stack: StackEnv = toolStackEnv(env),
): BenchConfig | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      mode: { type: 'string', default: 'suite' },
      concurrency: { type: 'string', default: '20' },
      rates: { type: 'string', default: '50,200,500,1000' },
      duration: { type: 'string', default: '60' },
      warmup: { type: 'string', default: '10' },
      'max-start': { type: 'string', default: '4' },
      'max-factor': { type: 'string', default: '2' },
      'max-steps': { type: 'string', default: '6' },
      drain: { type: 'string', default: '60' },
      'no-ceilings': { type: 'boolean', default: false },
      'no-restock': { type: 'boolean', default: false },
      'require-instant': { type: 'boolean', default: false },
      label: { type: 'string', default: '' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const parsed = schema.parse({
    mode: values.mode,
    concurrency: values.concurrency,
    rates: parseRates(values.rates),
    durationS: values.duration,
    warmupS: values.warmup,
    maxStart: values['max-start'],
    maxFactor: values['max-factor'],
    maxSteps: values['max-steps'],
    drainS: values.drain,
    ceilings: !values['no-ceilings'],
    restock: !values['no-restock'],
    requireInstant: values['require-instant'],
    label: values.label,
  });
  return { ...parsed, endpoints: endpointsFrom(env, stack) };
}

function endpointsFrom(env: NodeJS.ProcessEnv, stack: StackEnv): Endpoints {
  const local = (port: string | undefined, fallback: number) => `http://127.0.0.1:${port ?? fallback}`;
  // An exported port still wins over stack.env, as it did before the topology was read.
  const orderStack = { ...stack, ...(env.ORDER_SERVICE_PORT ? { ORDER_SERVICE_PORT: env.ORDER_SERVICE_PORT } : {}) };
  return {
    orderUrls: resolveOrderUrls(env.ORDER_URL, orderStack),
    inventoryUrl: local(env.INVENTORY_SERVICE_PORT, 8082),
    adminToken: env.ADMIN_TOKEN,
    paymentUrl: local(env.PAYMENT_SIMULATOR_PORT, 8091),
    carrierUrl: local(env.CARRIER_SIMULATOR_PORT, 8092),
    mailUrl: local(env.MAIL_HTTP_PORT, 8025),
    brokers: toolKafkaBrokers(env.KAFKA_BROKERS, stack),
    registryUrl: env.REGISTRY_URL ?? 'http://127.0.0.1:8080/apis/ccompat/v7',
    topic: env.BENCH_TOPIC ?? 'orders.events',
    pg: {
      host: env.POSTGRES_HOST ?? '127.0.0.1',
      port: Number(env.POSTGRES_PORT ?? 5432),
      user: env.POSTGRES_SUPERUSER ?? 'postgres',
      password: env.POSTGRES_SUPERUSER_PASSWORD ?? 'postgres',
      database: env.POSTGRES_DB ?? 'kot',
    },
  };
}

export const USAGE = HELP;
