// Against the real registry: every way a value can be undecodable must surface as a
// PoisonMessageError (dead-letter it); codec.unit.test.ts covers the registry-outage (retry) side.
import { randomUUID } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Type } from 'avsc';
import { createEventCodec, encodeWireFormat } from './codec';
import { PoisonMessageError, type PoisonReason } from './errors';
import { EVENT_SCHEMAS } from './generated/events';
import { sampleEvent } from './testing/samples';

const REGISTRY_URL = process.env.KOT_REGISTRY_URL ?? 'http://127.0.0.1:8080/apis/ccompat/v7';
const topic = `test.events.poison.${Date.now()}-${randomUUID().slice(0, 8)}`;
const codec = createEventCodec({ registryUrl: REGISTRY_URL, topic });

async function reasonOf(value: Buffer): Promise<PoisonReason | 'not poison'> {
  const error = await codec.decode(value).catch((caught: unknown) => caught);
  return error instanceof PoisonMessageError ? error.reason : 'not poison';
}

describe('decoding values that can never become events', () => {
  it('rejects garbage bytes', async () => {
    expect(await reasonOf(Buffer.from('definitely not avro'))).toBe('not-confluent-wire-format');
    expect(await reasonOf(Buffer.from([0, 1]))).toBe('not-confluent-wire-format');
  });

  it('rejects a well-formed frame whose schema id the registry never issued', async () => {
    const frame = encodeWireFormat(2_000_000_000, Buffer.from([2, 0x61]));
    expect(await reasonOf(frame)).toBe('unknown-schema-id');
  });

  it('rejects a known event schema id followed by bytes that are not that event', async () => {
    const good = await codec.encode(sampleEvent('OrderPlaced'));
    expect(await reasonOf(good.subarray(0, good.length - 3))).toBe('invalid-avro'); // truncated
    expect(await reasonOf(Buffer.concat([good, Buffer.from([1, 2, 3])]))).toBe('invalid-avro'); // trailing data
    expect(await reasonOf(encodeWireFormat(good.readInt32BE(1), Buffer.from([0xff, 0xff, 0xff])))).toBe('invalid-avro');
  });

  it('rejects an Avro record registered by someone else that is not one of our events', async () => {
    const registry = new SchemaRegistry({ host: REGISTRY_URL });
    const foreign = {
      type: 'record',
      name: 'Invoice',
      namespace: 'com.elsewhere',
      fields: [{ name: 'total', type: 'long' }],
    };
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(foreign) },
      { subject: `${topic}-com.elsewhere.Invoice` },
    );
    const frame = encodeWireFormat(id, Buffer.from([0x02]));
    expect(await reasonOf(frame)).toBe('unknown-event-type');
  });

  it('rejects our event written with a schema the current one cannot read', async () => {
    const registry = new SchemaRegistry({ host: REGISTRY_URL });
    // Same fullname, but `reason` became a free string: legal as the first version of a fresh subject.
    const rogue = {
      ...EVENT_SCHEMAS.OrderCancelled,
      fields: [
        { name: 'orderId', type: 'string' },
        { name: 'reason', type: 'long' },
      ],
    };
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(rogue) },
      { subject: `${topic}.rogue-com.kafkaordertracking.events.OrderCancelled` },
    );
    const body = Type.forSchema(rogue as Parameters<typeof Type.forSchema>[0]).toBuffer({
      orderId: 'ord-rogue',
      reason: 7,
    });
    expect(await reasonOf(encodeWireFormat(id, body))).toBe('incompatible-schema');
  });

  it('still decodes valid messages after rejecting poison', async () => {
    const event = sampleEvent('PaymentAuthorized');
    expect(await codec.decode(await codec.encode(event))).toStrictEqual(event);
  });
});
