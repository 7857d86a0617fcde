// Validation of the analytics API's query parameters. Every problem names its parameter, so a
// client can fix its request without guessing.
import { z } from 'zod';
import { parseOrThrow, ValidationError } from '@kot/service-kit';
import type { ProductRanking } from './aggregation';

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const ISO_MESSAGE = 'must be an ISO 8601 date (2025-03-14) or date-time with a zone (2025-03-14T09:30:00Z)';

/** Date.parse happily rolls 2025-02-30 over to March; a calendar date must exist as written. */
function isRealDate(value: string): boolean {
  const match = ISO_INSTANT.exec(value);
  if (!match || Number.isNaN(Date.parse(value))) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

const instant = z
  .string({ error: ISO_MESSAGE })
  .refine(isRealDate, ISO_MESSAGE)
  .transform((value) => Date.parse(value));

const summaryQuery = z.object({ from: instant.optional(), to: instant.optional() });

const topQuery = z.object({
  limit: z
    .string({ error: 'must be a whole number from 1 to 100' })
    .regex(/^\d+$/, 'must be a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100'))
    .default(10),
  by: z.enum(['quantity', 'revenue'], { error: 'must be quantity or revenue' }).default('quantity'),
});

export interface SummaryWindow {
  from: number;
  to: number;
}

/** `to` defaults to now and `from` to `defaultWindowMs` before `to`; the window is [from, to). */
export function parseSummaryWindow(query: unknown, now: number, defaultWindowMs: number): SummaryWindow {
  const { from, to } = parseOrThrow(summaryQuery, query);
  const end = to ?? now;
  const start = from ?? end - defaultWindowMs;
  if (start > end) throw new ValidationError([{ field: 'from', message: 'must not be after to' }]);
  return { from: start, to: end };
}

export function parseTopProductsQuery(query: unknown): { limit: number; by: ProductRanking } {
  return parseOrThrow(topQuery, query);
}
