// zod building blocks for the simulators' config.ts files. Environment values arrive as strings;
// these coerce them and treat an empty string like an unset variable (`PORT= npm run ...`).
import { z } from 'zod';

const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const envString = (fallback: string) => z.preprocess(blankToUndefined, z.string().default(fallback));

export const envPort = (fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65_535).default(fallback));

export const envNonNegativeInt = (fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(0).default(fallback));

/** Unset stays undefined, for a default that depends on another variable. */
export const envOptionalNonNegativeInt = () =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(0).optional());

export const envPositiveInt = (fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().positive().default(fallback));

/** A probability for the fault knobs. */
export const envRate = (fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().min(0).max(1).default(fallback));

/** A switch: true/false, 1/0, yes/no, on/off (any case), so `CARRIER_REORDER_CALLBACKS=1` works as expected. */
export const envBool = (fallback: boolean) =>
  z.preprocess(
    blankToUndefined,
    z
      .union([
        z.boolean(),
        z.stringbool({ truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off'], case: 'insensitive' }),
      ])
      .default(fallback),
  );

/**
 * An instant given as epoch milliseconds or an ISO-8601 date, parsed to epoch ms (null when unset),
 * so fault scripts can write either `$(date -d '+30 sec' +%s%3N)` or a readable date.
 */
export const instant = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = typeof value === 'number' || /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'expected epoch milliseconds or an ISO-8601 date' });
    return z.NEVER;
  }
  return ms;
});

export const envInstant = () => z.preprocess(blankToUndefined, instant.nullable().default(null));

/** Parses the environment or throws one error that lists every bad variable, so start-up fails loudly. */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv, component: string): z.output<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`${component}: invalid environment: ${problems}`);
  }
  return result.data;
}
