import type { z } from 'zod';
import { fromZodError } from '../errors';

/** Client input through a zod schema: the parsed value, or a 400 ValidationError naming every field that is wrong. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}
