// Reads a zod environment schema (a service's config.ts) into the rows .env.example shows: each
// variable's name, what the service does when it is unset, and the schema's description of it.
import { z } from 'zod';

/** What happens when the variable is unset. */
export type Setting =
  /** The service uses this value, written as it would be in an env file. */
  | { kind: 'default'; value: string }
  /** The service does without it, or derives a value from other settings. */
  | { kind: 'optional' }
  /** The service refuses to start. */
  | { kind: 'required' };

export interface EnvVariable {
  name: string;
  setting: Setting;
  description?: string;
}

/** The object of variables inside a schema that refinements and transforms have wrapped in pipes. */
export function variablesShape(schema: z.ZodType): Record<string, z.ZodType> {
  let current: z.ZodType = schema;
  // serviceEnvSchema() and .transform() wrap the object: its variables are the input of each pipe.
  while (current instanceof z.ZodPipe) current = current.in as z.ZodType;
  if (!(current instanceof z.ZodObject)) {
    throw new Error(`expected a z.object of environment variables, found a ${current.type} schema`);
  }
  return current.shape as Record<string, z.ZodType>;
}

export function variablesOf(schema: z.ZodType): EnvVariable[] {
  return Object.entries(variablesShape(schema)).map(([name, field]) => {
    const description = descriptionOf(field);
    return description === undefined
      ? { name, setting: settingOf(field) }
      : { name, setting: settingOf(field), description };
  });
}

function settingOf(field: z.ZodType): Setting {
  if (field instanceof z.ZodDefault || field instanceof z.ZodPrefault) {
    return { kind: 'default', value: envText(field.def.defaultValue) };
  }
  if (field instanceof z.ZodOptional) {
    const inner = settingOf(field.unwrap() as z.ZodType);
    return inner.kind === 'default' ? inner : { kind: 'optional' };
  }
  // A default inside a pipe's input still applies to an unset variable.
  if (field instanceof z.ZodPipe) return settingOf(field.in as z.ZodType);
  return { kind: 'required' };
}

/** .describe() may sit on the field or on the schema a default or optional wraps. */
function descriptionOf(field: z.ZodType): string | undefined {
  if (field.description !== undefined) return field.description;
  if (field instanceof z.ZodDefault || field instanceof z.ZodPrefault || field instanceof z.ZodOptional) {
    return descriptionOf(field.unwrap() as z.ZodType);
  }
  if (field instanceof z.ZodPipe) return descriptionOf(field.in as z.ZodType);
  return undefined;
}

/**
 * A default is the parsed value (10, ['a:1'], true), so it is written back the way the schema's
 * string parsers read it: lists comma-separated, numbers in base 10 (durations in milliseconds).
 */
export function envText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.map(envText).join(',');
  throw new Error(`cannot write the default ${JSON.stringify(value)} as an environment variable`);
}
