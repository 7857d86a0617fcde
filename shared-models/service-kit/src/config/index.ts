export { ConfigError, loadConfig } from './load-config';
export type { ConfigIssue } from './load-config';
export {
  LOG_LEVELS,
  booleanFromString,
  commaSeparatedList,
  durationMs,
  intFromString,
  kafkaBrokers,
  logLevel,
  port,
  positiveInt,
  url,
} from './env-schemas';
export { DEV_ADMIN_TOKEN, NODE_ENVS, commonServiceEnv, serviceEnvSchema } from './common-env';
export type { CommonServiceConfig } from './common-env';
