// Configuration is read and validated once, at start-up, so a bad deployment fails immediately
// with a message naming every problem instead of crashing later on first use.
import type { z } from 'zod';

export interface ConfigIssue {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

type Env = Record<string, string | undefined>;

/** `FOO=` in a shell or compose file means "not set": treat it so, so defaults still apply. */
function withoutEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

/** Zod's own message for a missing key ("expected string, received undefined") hides the cause. */
function describe(issue: z.core.$ZodIssue, env: Env): ConfigIssue {
  const variable = issue.path.length === 0 ? '(environment)' : issue.path.map(String).join('.');
  const key = issue.path[0];
  const missing = typeof key === 'string' && env[key] === undefined && issue.code === 'invalid_type';
  return { variable, message: missing ? 'required' : issue.message };
}

/**
 * Parse `env` (default: process.env) with `schema` and return the typed result, or throw a
 * ConfigError listing every missing or malformed variable. Values are never echoed because
 * some are secrets.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  const cleaned = withoutEmpty(env);
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => describe(issue, cleaned)));
}
