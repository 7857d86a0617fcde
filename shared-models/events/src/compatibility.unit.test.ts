// CI gate for schema evolution: every current schema must read data written with every released
// version in schemas/history (BACKWARD, the registry's setting), checked here before deploy.
import { loadCurrentSchemas, loadHistoricalSchemas } from '../scripts/schema-files';
import type { AvroFieldSchema, AvroRecordSchema } from './avro-json';
import { checkBackwardCompatible } from './avro-runtime';
import { EVENT_SCHEMAS } from './generated/events';

const current = new Map(loadCurrentSchemas().map(({ schema }) => [schema.name, schema]));
const history = loadHistoricalSchemas();

describe('released schema history', () => {
  it('keeps a released version of every current event', () => {
    const released = new Set(history.map(({ eventName }) => eventName));
    expect([...current.keys()].filter((name) => !released.has(name))).toEqual([]);
  });

  it('never drops an event that was released (old messages still need a reader)', () => {
    expect(history.filter(({ eventName }) => !current.has(eventName)).map(({ file }) => file)).toEqual([]);
  });

  it.each(history.map((entry) => [entry.file, entry] as const))(
    'current schema reads data written with %s',
    (_file, entry) => {
      expect(entry.schema.name).toBe(entry.eventName);
      const now = current.get(entry.eventName) as AvroRecordSchema;
      expect(checkBackwardCompatible(now, entry.schema)).toEqual({ compatible: true });
    },
  );
});

describe('checkBackwardCompatible', () => {
  const v1 = EVENT_SCHEMAS.OrderCancelled;
  const withFields = (fields: readonly AvroFieldSchema[]): AvroRecordSchema => ({ ...v1, fields });

  it('accepts a new optional field with default null', () => {
    const v2 = withFields([...v1.fields, { name: 'note', type: ['null', 'string'], default: null }]);
    expect(checkBackwardCompatible(v2, v1)).toEqual({ compatible: true });
  });

  it('accepts removing a field (the new reader skips it)', () => {
    const v2 = withFields(v1.fields.filter((field) => field.name !== 'detail'));
    expect(checkBackwardCompatible(v2, v1)).toEqual({ compatible: true });
  });

  it('rejects a new field without a default', () => {
    const v2 = withFields([...v1.fields, { name: 'refundMinor', type: 'long' }]);
    expect(checkBackwardCompatible(v2, v1)).toEqual({
      compatible: false,
      reason: expect.stringContaining('refundMinor'),
    });
  });

  it('rejects changing a field to a type the old data cannot be read as', () => {
    const v2 = withFields(v1.fields.map((field) => (field.name === 'detail' ? { ...field, type: 'long' } : field)));
    expect(checkBackwardCompatible(v2, v1).compatible).toBe(false);
  });

  it('rejects dropping an enum symbol that old data may contain', () => {
    const reason = { type: 'enum', name: 'CancellationReason', symbols: ['OUT_OF_STOCK', 'PAYMENT_DECLINED'] };
    const v2 = withFields(v1.fields.map((field) => (field.name === 'reason' ? { ...field, type: reason } : field)));
    expect(checkBackwardCompatible(v2, v1).compatible).toBe(false);
  });

  it('rejects renaming the record', () => {
    expect(checkBackwardCompatible({ ...v1, name: 'OrderAborted' }, v1).compatible).toBe(false);
  });
});
