// Proves the registry itself enforces BACKWARD on our subjects, so a producer deployed with a
// breaking schema fails at registration instead of poisoning every consumer. Raw HTTP is used next
// to the client library because the exact status codes are what we rely on.
import { randomUUID } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Type } from 'avsc';
import type { AvroFieldSchema, AvroRecordSchema } from './avro-json';
import { subjectOf } from './avro-runtime';
import { createEventCodec, encodeWireFormat } from './codec';
import { EVENT_SCHEMAS } from './generated/events';
import { sampleEvent } from './testing/samples';

const REGISTRY_URL = process.env.KOT_REGISTRY_URL ?? 'http://127.0.0.1:8080/apis/ccompat/v7';
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

const topic = `test.events.compat.${Date.now()}-${randomUUID().slice(0, 8)}`;
const subject = subjectOf(topic, 'OrderCancelled');
const subjectPath = encodeURIComponent(subject);
const v1 = EVENT_SCHEMAS.OrderCancelled;
const withField = (field: AvroFieldSchema): AvroRecordSchema => ({ ...v1, fields: [...v1.fields, field] });
const breaking = withField({ name: 'refundMinor', type: 'long' });
const compatible = withField({ name: 'note', type: ['null', 'string'], default: null });

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${REGISTRY_URL}${path}`, {
    method,
    headers: { 'Content-Type': CONTENT_TYPE, Accept: CONTENT_TYPE },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

const asVersionBody = (schema: AvroRecordSchema) => ({ schema: JSON.stringify(schema) });

describe('registry compatibility for <topic>-<record fullname> subjects', () => {
  let v1Id: number;

  beforeAll(async () => {
    v1Id = await createEventCodec({ registryUrl: REGISTRY_URL, topic }).schemaIdOf('OrderCancelled');
    const put = await call('PUT', `/config/${subjectPath}`, { compatibility: 'BACKWARD' });
    expect(put).toEqual({ status: 200, json: expect.objectContaining({ compatibility: 'BACKWARD' }) });
  });

  it('reports BACKWARD for the subject after the codec registered v1', async () => {
    expect(await call('GET', `/config/${subjectPath}`)).toEqual({
      status: 200,
      json: expect.objectContaining({ compatibilityLevel: 'BACKWARD' }),
    });
  });

  it('says a new field without default is incompatible, and refuses to register it with 409', async () => {
    const check = await call('POST', `/compatibility/subjects/${subjectPath}/versions/latest`, asVersionBody(breaking));
    expect(check).toEqual({ status: 200, json: expect.objectContaining({ is_compatible: false }) });
    const register = await call('POST', `/subjects/${subjectPath}/versions`, asVersionBody(breaking));
    expect(register.status).toBe(409);
  });

  it('refuses the breaking version through the client library too', async () => {
    const registry = new SchemaRegistry({ host: REGISTRY_URL });
    const attempt = registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(breaking) }, { subject });
    await expect(attempt).rejects.toMatchObject({ status: 409 });
  });

  it('accepts a new optional field with default null as version 2', async () => {
    const check = await call(
      'POST',
      `/compatibility/subjects/${subjectPath}/versions/latest`,
      asVersionBody(compatible),
    );
    expect(check).toEqual({ status: 200, json: expect.objectContaining({ is_compatible: true }) });
    const register = await call('POST', `/subjects/${subjectPath}/versions`, asVersionBody(compatible));
    expect(register.status).toBe(200);
    expect((register.json as { id: number }).id).not.toBe(v1Id);
    expect(await call('GET', `/subjects/${subjectPath}/versions`)).toEqual({ status: 200, json: [1, 2] });
  });

  it('lets a consumer on v1 decode a message written by a v2 producer (the new field is skipped)', async () => {
    const { id: v2Id } = (await call('POST', `/subjects/${subjectPath}/versions`, asVersionBody(compatible))).json as {
      id: number;
    };
    const data = sampleEvent('OrderCancelled').data;
    const body = Type.forSchema(compatible as Parameters<typeof Type.forSchema>[0]).toBuffer({ ...data, note: 'gift' });
    const consumer = createEventCodec({ registryUrl: REGISTRY_URL, topic });
    expect(await consumer.decode(encodeWireFormat(v2Id, body))).toStrictEqual({ type: 'OrderCancelled', data });
  });

  it('returns the existing id when v1 is registered again (every service instance registers on start)', async () => {
    const again = await call('POST', `/subjects/${subjectPath}/versions`, asVersionBody(v1));
    expect(again).toEqual({ status: 200, json: expect.objectContaining({ id: v1Id }) });
    expect(await call('GET', `/subjects/${subjectPath}/versions`)).toEqual({ status: 200, json: [1, 2] });
  });
});

describe('registration by many service instances at once', () => {
  it('gives every instance the same id and leaves one version pinned to BACKWARD', async () => {
    const freshTopic = `test.events.race.${Date.now()}-${randomUUID().slice(0, 8)}`;
    const instances = Array.from({ length: 8 }, () =>
      createEventCodec({ registryUrl: REGISTRY_URL, topic: freshTopic }),
    );
    const ids = await Promise.all(instances.map((codec) => codec.schemaIdOf('OrderPlaced')));
    expect(new Set(ids).size).toBe(1);
    const racedSubject = encodeURIComponent(subjectOf(freshTopic, 'OrderPlaced'));
    expect(await call('GET', `/subjects/${racedSubject}/versions`)).toEqual({ status: 200, json: [1] });
    expect(await call('GET', `/config/${racedSubject}`)).toEqual({
      status: 200,
      json: { compatibilityLevel: 'BACKWARD' },
    });
  });
});
