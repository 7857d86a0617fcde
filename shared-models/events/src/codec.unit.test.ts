// The parts of the codec that must never touch the registry: framing, invalid events and malformed
// frames fail before any network call (the registry URL here points at a closed port on purpose).
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createEventCodec, decodeWireFormat, encodeWireFormat } from './codec';
import { InvalidEventError, PoisonMessageError } from './errors';
import type { OrderEvent } from './generated/events';
import { sampleEvent } from './testing/samples';

function poisonOf(run: () => unknown): PoisonMessageError | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof PoisonMessageError ? error : undefined;
  }
  return undefined;
}

const codec = createEventCodec({ registryUrl: 'http://127.0.0.1:9/apis/ccompat/v7', topic: 'unit.events' });

describe('codec without a registry', () => {
  it('rejects data that does not match the schema, naming the fields', async () => {
    const event = sampleEvent('OrderPlaced');
    const bad = {
      ...event,
      data: { ...event.data, totalMinor: '75.96', customer: { ...event.data.customer, email: 42 } },
    };
    const error = await codec.encode(bad as unknown as OrderEvent).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).paths).toEqual(expect.arrayContaining(['totalMinor', 'customer.email']));
  });

  it('rejects fields the schema does not declare instead of dropping them', async () => {
    const event = sampleEvent('ShipmentStatusChanged');
    const typo = { ...event, data: { ...event.data, locaton: 'Reno, NV' } };
    await expect(codec.encode(typo as unknown as OrderEvent)).rejects.toBeInstanceOf(InvalidEventError);
  });

  it('rejects an unknown event type', async () => {
    const unknown = { type: 'OrderTeleported', data: { orderId: 'ord-1' } };
    await expect(codec.encode(unknown as unknown as OrderEvent)).rejects.toThrow('invalid OrderTeleported event');
  });

  it.each([
    ['empty bytes', Buffer.alloc(0), 'not-confluent-wire-format'],
    ['JSON text', Buffer.from('{"type":"OrderPlaced"}'), 'not-confluent-wire-format'],
    ['schema id 0', Buffer.from([0, 0, 0, 0, 0, 2]), 'unknown-schema-id'],
    ['a negative schema id', Buffer.from([0, 0xff, 0xff, 0xff, 0xff, 2]), 'unknown-schema-id'],
  ])('treats %s as poison', async (_label, value, reason) => {
    const error = await codec.decode(value).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PoisonMessageError);
    expect((error as PoisonMessageError).reason).toBe(reason);
  });

  it('treats an unreachable registry as transient, not poison, so the consumer retries', async () => {
    const error = await codec.decode(encodeWireFormat(5, Buffer.from([2, 0x61]))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PoisonMessageError);
    expect(error).toMatchObject({ message: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('codec with a registry that accepts connections but never answers', () => {
  let server: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
    }); // reads nothing, writes nothing
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up after the request timeout with a transient error instead of waiting forever', async () => {
    const { port } = server.address() as AddressInfo;
    const silent = createEventCodec({
      registryUrl: `http://127.0.0.1:${port}/apis/ccompat/v7`,
      topic: 'unit.events',
      requestTimeoutMs: 200,
    });
    const started = Date.now();
    const error = await silent.decode(encodeWireFormat(5, Buffer.from([2, 0x61]))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PoisonMessageError);
    expect(String((error as Error).message)).toMatch(/timeout/i);
    // The client's own retry middleware may repeat a failed request a few times; still bounded.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('Confluent wire format', () => {
  it('frames magic byte 0, a big-endian schema id, then the payload', () => {
    const framed = encodeWireFormat(0x01020304, Buffer.from([0xaa, 0xbb]));
    expect([...framed]).toEqual([0, 1, 2, 3, 4, 0xaa, 0xbb]);
    expect(decodeWireFormat(framed)).toEqual({ schemaId: 0x01020304, payload: Buffer.from([0xaa, 0xbb]) });
  });

  it('accepts an empty Avro body (a record with no fields encodes to zero bytes)', () => {
    expect(decodeWireFormat(encodeWireFormat(7, Buffer.alloc(0)))).toEqual({ schemaId: 7, payload: Buffer.alloc(0) });
  });

  it.each([
    ['a null value (tombstone)', null],
    ['fewer than 5 bytes', Buffer.from([0, 0, 0, 1])],
    ['a wrong magic byte', Buffer.from('{"orderId":"ord-1"}')],
  ])('rejects %s as poison', (_label, value) => {
    expect(poisonOf(() => decodeWireFormat(value))?.reason).toBe('not-confluent-wire-format');
  });
});
