export { REDACT_PATHS, addToContext, createLogger, currentContext, runWithContext } from './logger';
export type { LogLevel, Logger, LoggerOptions, RequestContext } from './logger';
