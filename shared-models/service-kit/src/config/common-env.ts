// The variables every service reads, with local-development defaults that match
// docs/conventions.md, so `npm start` works against `stack.sh up` with no .env file.
import { z } from 'zod';
import { commaSeparatedList, logLevel, port, positiveInt, url } from './env-schemas';

export const NODE_ENVS = ['development', 'test', 'production'] as const;

/** Dev-only fallback; production refuses to start without a real ADMIN_TOKEN. */
export const DEV_ADMIN_TOKEN = 'dev-admin-token-not-for-production';

/**
 * Shape fragment: spread it into z.object, or better use serviceEnvSchema(), which also
 * enforces the production rule for ADMIN_TOKEN (a cross-field rule a shape cannot express).
 */
export const commonServiceEnv = {
  NODE_ENV: z.enum(NODE_ENVS, { error: `must be one of ${NODE_ENVS.join(', ')}` }).default('development'),
  SERVICE_PORT: port(),
  /**
   * The address HTTP listens on: loopback on a developer's machine; 0.0.0.0 in a container or pod, where
   * probes and other services arrive on the pod's own address.
   */
  LISTEN_HOST: z
    .string()
    .regex(/^[0-9a-fA-F.:]+$|^localhost$/, 'must be an IP address (0.0.0.0 for every interface) or localhost')
    .default('127.0.0.1')
    .describe('The address HTTP listens on: 127.0.0.1 locally, 0.0.0.0 in a container or pod.'),
  LOG_LEVEL: logLevel('info'),
  DATABASE_URL: url(['postgres', 'postgresql']),
  KAFKA_BROKERS: commaSeparatedList().default(['127.0.0.1:9092']),
  SCHEMA_REGISTRY_URL: url(['http', 'https']).default('http://127.0.0.1:8080/apis/ccompat/v7'),
  KAFKA_TOPIC: z.string().default('orders.events'),
  KAFKA_DLQ_TOPIC: z.string().default('orders.events.dlq'),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * The service's one Postgres pool (createDatabase): writes, Prisma's reads, outbox relay, inbox and
   * housekeeping. The relay's LISTEN adds one connection of its own, so a service holds at most this + 1.
   */
  DB_POOL_SIZE: positiveInt(10),
};

type CommonShape = typeof commonServiceEnv;
interface AdminTokenView {
  NODE_ENV?: string;
  ADMIN_TOKEN?: string;
}

// The parsed object's type is deferred (it depends on E), so these read it through a narrow view.
function adminTokenRuleHolds(env: object): boolean {
  const view = env as AdminTokenView;
  // The published dev token is as good as none: production must bring its own.
  return view.NODE_ENV !== 'production' || (view.ADMIN_TOKEN !== undefined && view.ADMIN_TOKEN !== DEV_ADMIN_TOKEN);
}

function withAdminToken<T extends object>(env: T): Omit<T, 'ADMIN_TOKEN'> & { ADMIN_TOKEN: string } {
  return { ...env, ADMIN_TOKEN: (env as AdminTokenView).ADMIN_TOKEN ?? DEV_ADMIN_TOKEN };
}

/**
 * z.object({...commonServiceEnv, ...extra}) (so `extra` may override a common variable, e.g. to
 * give SERVICE_PORT a per-service default) plus: ADMIN_TOKEN is required when
 * NODE_ENV=production and falls back to a dev token otherwise, so its type is always string.
 */
export function serviceEnvSchema<E extends z.ZodRawShape = Record<never, never>>(extra?: E) {
  return z
    .object({ ...commonServiceEnv, ...(extra ?? ({} as E)) } as Omit<CommonShape, keyof E> & E)
    .refine(adminTokenRuleHolds, {
      path: ['ADMIN_TOKEN'],
      message: 'required when NODE_ENV=production (and must not be the development token)',
      // Run even when other variables are broken, so one start-up lists every problem.
      when: () => true,
    })
    .transform(withAdminToken);
}

export type CommonServiceConfig = z.output<ReturnType<typeof serviceEnvSchema>>;
