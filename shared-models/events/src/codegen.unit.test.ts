// Guards the generated contract: the committed src/generated/events.ts must be exactly what codegen
// produces from today's .avsc files, so TypeScript types and registered schemas cannot drift.
import { readFileSync } from 'node:fs';
import { collectNamedTypes } from '../scripts/named-types';
import { enumValuesName, renderEventsModule, tsTypeOf } from '../scripts/render-events';
import { GENERATED_FILE, loadCurrentSchemas, type SchemaFile } from '../scripts/schema-files';
import { EVENT_SCHEMAS, EVENT_TYPES } from './generated/events';

describe('generated events module', () => {
  it('is up to date with schemas/*.avsc (run `npm run codegen` if this fails)', () => {
    const committed = readFileSync(GENERATED_FILE, 'utf8');
    expect(committed).toBe(renderEventsModule(loadCurrentSchemas()));
  });

  it('lists one event type per .avsc file and embeds each schema verbatim', () => {
    const files = loadCurrentSchemas();
    expect([...EVENT_TYPES]).toEqual(files.map(({ schema }) => schema.name));
    for (const { schema } of files) expect(EVENT_SCHEMAS[schema.name as keyof typeof EVENT_SCHEMAS]).toEqual(schema);
  });
});

describe('Avro to TypeScript mapping', () => {
  it.each([
    ['string', 'string'],
    ['long', 'number'],
    ['int', 'number'],
    ['boolean', 'boolean'],
    ['bytes', 'Buffer'],
    [['null', 'string'], 'string | null'],
    [{ type: 'array', items: 'com.x.StockLine' }, 'StockLine[]'],
    [{ type: 'array', items: ['null', 'long'] }, '(number | null)[]'],
    [{ type: 'map', values: 'int' }, 'Record<string, number>'],
    [{ type: 'long' }, 'number'],
    [{ type: 'enum', name: 'Milestone', symbols: ['A'] }, 'Milestone'],
  ] as const)('maps %j to %s', (avro, ts) => {
    expect(tsTypeOf(avro)).toBe(ts);
  });

  it('names enum value arrays in UPPER_SNAKE', () => {
    expect(enumValuesName('ShipmentStatus')).toBe('SHIPMENT_STATUS_VALUES');
    expect(enumValuesName('Milestone')).toBe('MILESTONE_VALUES');
  });
});

describe('shared named types', () => {
  const withStockLine = (file: string, quantityType: string): SchemaFile => ({
    file,
    schema: {
      type: 'record',
      name: file.replace('.avsc', ''),
      namespace: 'com.x',
      fields: [
        {
          name: 'items',
          type: {
            type: 'array',
            items: { type: 'record', name: 'StockLine', fields: [{ name: 'quantity', type: quantityType }] },
          },
        },
      ],
    },
  });

  it('accepts identical inline copies and reports each type once', () => {
    const named = collectNamedTypes([withStockLine('A.avsc', 'int'), withStockLine('B.avsc', 'int')]);
    expect(named.map((type) => type.fullname)).toEqual(['com.x.A', 'com.x.StockLine', 'com.x.B']);
  });

  it('rejects copies that differ, naming both files', () => {
    expect(() => collectNamedTypes([withStockLine('A.avsc', 'int'), withStockLine('B.avsc', 'long')])).toThrow(
      'com.x.StockLine is defined differently in A.avsc and B.avsc',
    );
  });
});
