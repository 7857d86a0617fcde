// Every sample must be valid for its schema (other packages build their tests on these) and must
// survive an Avro binary round trip unchanged, which is what the codec relies on.
import { avroTypeOf } from '../avro-runtime';
import { EVENT_TYPES } from '../generated/events';
import { SAMPLE_TOTAL_MINOR, sampleEvent, sampleEvents } from './samples';

describe('sample events', () => {
  it('exist for every event type, in EVENT_TYPES order, for one order', () => {
    const events = sampleEvents('ord-1');
    expect(events.map((event) => event.type)).toEqual([...EVENT_TYPES]);
    expect(new Set(events.map((event) => event.data.orderId))).toEqual(new Set(['ord-1']));
  });

  it.each([...EVENT_TYPES])('%s is valid for its Avro schema, with no undeclared fields', (type) => {
    const bad: string[] = [];
    const valid = avroTypeOf(type).isValid(sampleEvent(type).data, {
      noUndeclaredFields: true,
      errorHook: (path) => bad.push(path.join('.')),
    });
    expect({ valid, bad }).toEqual({ valid: true, bad: [] });
  });

  it.each([...EVENT_TYPES])('%s survives an Avro binary round trip', (type) => {
    const avroType = avroTypeOf(type);
    const { data } = sampleEvent(type);
    expect(avroType.fromBuffer(avroType.toBuffer(data))).toEqual(data);
  });

  it('applies overrides, including null for optional fields', () => {
    const event = sampleEvent('ShipmentCancelled', { orderId: 'ord-2', shipmentId: null });
    expect(event).toEqual({ type: 'ShipmentCancelled', data: { orderId: 'ord-2', shipmentId: null } });
    expect(avroTypeOf('ShipmentCancelled').isValid(event.data)).toBe(true);
  });

  it('keeps the order total consistent with its lines', () => {
    const { data } = sampleEvent('OrderPlaced');
    expect(data.totalMinor).toBe(SAMPLE_TOTAL_MINOR);
    expect(data.totalMinor).toBe(12_999 + 3 * 1_299);
  });

  it('rejects a sample that breaks the schema (the check can fail)', () => {
    const broken = { ...sampleEvent('OrderPlaced').data, totalMinor: 12.5 };
    expect(avroTypeOf('OrderPlaced').isValid(broken)).toBe(false);
  });
});
