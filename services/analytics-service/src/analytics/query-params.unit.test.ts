import { ValidationError } from '@kot/service-kit';
import { parseSummaryWindow, parseTopProductsQuery } from './query-params';

const NOW = Date.UTC(2025, 2, 14, 12, 0);
const DAY = 86_400_000;

function fieldsOf(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationError) return (error.errors ?? []).map((e) => e.field);
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('summary window', () => {
  it('defaults to the last day up to now', () => {
    expect(parseSummaryWindow({}, NOW, DAY)).toEqual({ from: NOW - DAY, to: NOW });
  });

  it('accepts ISO dates and date-times with a zone', () => {
    expect(parseSummaryWindow({ from: '2025-03-01', to: '2025-03-14T09:30:00+01:00' }, NOW, DAY)).toEqual({
      from: Date.UTC(2025, 2, 1),
      to: Date.UTC(2025, 2, 14, 8, 30),
    });
  });

  it('names the parameter that is not an ISO date', () => {
    expect(fieldsOf(() => parseSummaryWindow({ from: 'yesterday' }, NOW, DAY))).toEqual(['from']);
    expect(fieldsOf(() => parseSummaryWindow({ to: '2025-02-30' }, NOW, DAY))).toEqual(['to']);
    expect(fieldsOf(() => parseSummaryWindow({ to: '2025-03-14T09:30:00' }, NOW, DAY))).toEqual(['to']);
    expect(fieldsOf(() => parseSummaryWindow({ from: ['2025-03-01', '2025-03-02'] }, NOW, DAY))).toEqual(['from']);
  });

  it('rejects from after to, naming from', () => {
    expect(fieldsOf(() => parseSummaryWindow({ from: '2025-03-14', to: '2025-03-13' }, NOW, DAY))).toEqual(['from']);
  });
});

describe('top products query', () => {
  it('defaults to the ten best sellers by quantity', () => {
    expect(parseTopProductsQuery({})).toEqual({ limit: 10, by: 'quantity' });
    expect(parseTopProductsQuery({ limit: '100', by: 'revenue' })).toEqual({ limit: 100, by: 'revenue' });
  });

  it.each(['0', '101', '-1', '2.5', 'ten', ''])('rejects limit=%s', (limit) => {
    expect(fieldsOf(() => parseTopProductsQuery({ limit }))).toEqual(['limit']);
  });

  it('rejects an unknown ranking', () => {
    expect(fieldsOf(() => parseTopProductsQuery({ by: 'price' }))).toEqual(['by']);
  });
});
