// Enforces the contract's conventions on every .avsc file, so a new event cannot quietly use floats
// for money, logical types for time, or optional fields that break BACKWARD evolution.
import { Type } from 'avsc';
import { loadCurrentSchemas } from '../scripts/schema-files';
import type { AvroComplexSchema, AvroFieldSchema, AvroRecordSchema, AvroTypeSchema } from './avro-json';

interface FieldAt {
  readonly path: string;
  readonly field: AvroFieldSchema;
}

function recordsIn(type: AvroTypeSchema): AvroComplexSchema[] {
  if (typeof type === 'string') return [];
  if (Array.isArray(type)) return (type as readonly AvroTypeSchema[]).flatMap(recordsIn);
  const complex = type as AvroComplexSchema;
  const nested = [complex.items, complex.values, ...(complex.fields ?? []).map((field) => field.type)];
  const inner = nested.flatMap((child) => (child === undefined ? [] : recordsIn(child)));
  return complex.type === 'record' ? [complex, ...inner] : inner;
}

function fieldsIn(schema: AvroRecordSchema): FieldAt[] {
  return recordsIn(schema).flatMap((record) =>
    (record.fields ?? []).map((field) => ({ path: `${record.name}.${field.name}`, field })),
  );
}

const files = loadCurrentSchemas();

describe.each(files.map(({ file, schema }) => [file, schema] as const))('%s', (_file, schema) => {
  it('compiles with avsc in the shared namespace', () => {
    expect(Type.forSchema(schema as Parameters<typeof Type.forSchema>[0]).name).toBe(
      `com.kafkaordertracking.events.${schema.name}`,
    );
  });

  it('starts with orderId: string, the partition key', () => {
    expect(schema.fields[0]).toEqual({ name: 'orderId', type: 'string' });
  });

  it('keeps money in long minor units next to a currency', () => {
    const money = fieldsIn(schema).filter(({ field }) => field.name.endsWith('Minor'));
    for (const { field } of money) expect(field.type).toBe('long');
    if (money.length > 0)
      expect(schema.fields).toContainEqual(expect.objectContaining({ name: 'currency', type: 'string' }));
  });

  it('keeps timestamps as plain long epoch millis', () => {
    for (const { field } of fieldsIn(schema).filter(({ field }) => field.name.endsWith('At')))
      expect(field.type).toBe('long');
    expect(JSON.stringify(schema)).not.toContain('logicalType');
  });

  it('makes every union an optional field: null and one type, null first, default null', () => {
    for (const { path, field } of fieldsIn(schema).filter(({ field }) => Array.isArray(field.type))) {
      expect({ path, type: field.type, default: field.default }).toEqual({
        path,
        type: ['null', expect.anything()],
        default: null,
      });
    }
  });

  it('spells enum symbols in UPPER_SNAKE', () => {
    const enums = JSON.stringify(schema).match(/"symbols":\[[^\]]*\]/g) ?? [];
    for (const symbols of enums) expect(symbols).toMatch(/^"symbols":\["[A-Z_]+"(,"[A-Z_]+")*\]$/);
  });
});
