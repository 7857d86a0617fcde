// Turns OrderEvents into Kafka message values and back: Avro bodies in the Confluent wire format,
// schemas registered per (topic, record) under TopicRecordNameStrategy. Registry round trips happen
// once per event type (encode) or schema id (decode) per process, never per message.
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Type, type Resolver } from 'avsc';
import { InvalidEventError, PoisonMessageError } from './errors';
import { avroTypeOf, eventTypeOfFullname, isEventType, subjectOf } from './avro-runtime';
import { EVENT_SCHEMAS, type EventType, type OrderEvent } from './generated/events';

// The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian integer, then the
// Avro binary body. Framed here rather than by the registry client so decode can tell a malformed
// frame (poison) from a registry outage (transient) before any network call.
export const MAGIC_BYTE = 0;
export const HEADER_LENGTH = 5;

export interface WireFrame {
  readonly schemaId: number;
  readonly payload: Buffer;
}

export function encodeWireFormat(schemaId: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  // Signed, as in the Java serializers: ids above 2^31-1 do not exist in this format.
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, payload]);
}

export function decodeWireFormat(value: Buffer | null | undefined): WireFrame {
  // Tombstones (null values) reach consumers too; they are not events.
  if (!value || value.length < HEADER_LENGTH) {
    throw new PoisonMessageError(
      'not-confluent-wire-format',
      `expected at least ${HEADER_LENGTH} bytes, got ${value?.length ?? 'null'}`,
    );
  }
  const magic = value.readUInt8(0);
  if (magic !== MAGIC_BYTE) {
    throw new PoisonMessageError('not-confluent-wire-format', `magic byte is ${magic}, expected ${MAGIC_BYTE}`);
  }
  return { schemaId: value.readInt32BE(1), payload: value.subarray(HEADER_LENGTH) };
}

export interface EventCodecConfig {
  /** Confluent-compatible API root, e.g. `http://127.0.0.1:8080/apis/ccompat/v7`. */
  readonly registryUrl: string;
  /** Topic the values are written to; part of every subject name. */
  readonly topic: string;
  /** Upper bound for one registry HTTP request; the client has none, so a hung registry would hang its caller. */
  readonly requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * A mappersmith middleware giving every registry request a deadline (a hung request then fails as a
 * transient error: the producer's caller or the consumer retries it, instead of waiting forever).
 */
function withRequestTimeout(timeoutMs: number) {
  return () => ({
    async prepareRequest(
      next: () => Promise<{ timeout(): number | undefined; enhance(change: { timeout: number }): unknown }>,
    ) {
      const request = await next();
      return request.timeout() ? request : request.enhance({ timeout: timeoutMs });
    },
  });
}

export interface EventCodec {
  encode(event: OrderEvent): Promise<Buffer>;
  /** Throws PoisonMessageError for values that can never decode; other errors are transient. */
  decode(value: Buffer | null): Promise<OrderEvent>;
  /** Registers the event's current schema on first use and returns its registry id. */
  schemaIdOf(type: EventType): Promise<number>;
}

interface Reader {
  readonly type: EventType;
  readonly avroType: Type;
  /** Absent when the writer used exactly our current schema. */
  readonly resolver?: Resolver;
}

/** Caches one promise per key so concurrent callers share a single registry call; failures are not kept. */
function memoizeAsync<K, V>(load: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const cache = new Map<K, Promise<V>>();
  return (key) => {
    const cached = cache.get(key);
    if (cached) return cached;
    const pending = load(key);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    return pending;
  };
}

/**
 * Registers (idempotent: the same schema gets its existing id) and pins the subject to BACKWARD.
 * When several instances start at once, Apicurio can fail the client's config step after the
 * schema itself was stored: GET /config/{subject} answers NONE instead of 404 until the first
 * instance has set it, and a concurrent PUT of that config answers 409 "rule already exists".
 * So on failure we look the exact schema up under the subject and only rethrow if it is absent.
 */
async function register(registry: SchemaRegistry, topic: string, type: EventType): Promise<number> {
  const subject = subjectOf(topic, type);
  const schema = { type: SchemaType.AVRO, schema: JSON.stringify(EVENT_SCHEMAS[type]) } as const;
  try {
    const { id } = await registry.register(schema, { subject, compatibility: COMPATIBILITY.BACKWARD });
    return id;
  } catch (error) {
    const existing = await registry.getRegistryIdBySchema(subject, schema).catch(() => undefined);
    if (existing === undefined) throw error;
    return existing;
  }
}

function serialize(event: OrderEvent): Buffer {
  if (!isEventType(event.type)) throw new InvalidEventError(String(event.type), []);
  const avroType = avroTypeOf(event.type);
  const paths: string[] = [];
  // Undeclared fields are rejected too: Avro would drop them silently, hiding a producer bug.
  const valid = avroType.isValid(event.data, {
    noUndeclaredFields: true,
    errorHook: (path) => paths.push(path.join('.')),
  });
  if (!valid) throw new InvalidEventError(event.type, paths);
  return avroType.toBuffer(event.data);
}

function statusOf(error: unknown): unknown {
  return error && typeof error === 'object' && 'status' in error ? error.status : undefined;
}

async function fetchWriterSchema(registry: SchemaRegistry, schemaId: number): Promise<unknown> {
  try {
    return await registry.getSchema(schemaId);
  } catch (error) {
    if (statusOf(error) === 404)
      throw new PoisonMessageError('unknown-schema-id', `registry has no schema ${schemaId}`, schemaId);
    // The client raises this when the stored schema cannot be parsed as the type it claims to be.
    if ((error as Error)?.name === 'ConfluentSchemaRegistryArgumentError') {
      throw new PoisonMessageError('not-an-avro-record', (error as Error).message, schemaId);
    }
    throw error; // registry unreachable or failing: transient, let the consumer retry
  }
}

/** Re-parses the writer schema with our own avsc, so resolvers work even if the client bundled another copy. */
function asAvroRecord(writer: unknown, schemaId: number): Type {
  const candidate = writer as { typeName?: unknown; schema?: unknown } | null;
  if (candidate?.typeName !== 'record' || typeof candidate.schema !== 'function') {
    throw new PoisonMessageError('not-an-avro-record', `schema ${schemaId} is not an Avro record`, schemaId);
  }
  return Type.forSchema((writer as Type).schema());
}

async function loadReader(registry: SchemaRegistry, schemaId: number): Promise<Reader> {
  if (schemaId < 1)
    throw new PoisonMessageError('unknown-schema-id', `schema id ${schemaId} is never issued`, schemaId);
  const writer = asAvroRecord(await fetchWriterSchema(registry, schemaId), schemaId);
  const type = eventTypeOfFullname(writer.name ?? '');
  if (!type) throw new PoisonMessageError('unknown-event-type', `schema ${schemaId} is ${writer.name}`, schemaId);
  const avroType = avroTypeOf(type);
  if (avroType.equals(writer)) return { type, avroType };
  try {
    // Older or newer producers: resolve their fields onto the shape our types describe.
    return { type, avroType, resolver: avroType.createResolver(writer) };
  } catch (error) {
    throw new PoisonMessageError(
      'incompatible-schema',
      `${type} schema ${schemaId}: ${(error as Error).message}`,
      schemaId,
    );
  }
}

function deserialize(reader: Reader, frame: WireFrame): OrderEvent {
  let data: unknown;
  try {
    data = reader.avroType.fromBuffer(frame.payload, reader.resolver);
  } catch (error) {
    throw new PoisonMessageError('invalid-avro', `${reader.type}: ${(error as Error).message}`, frame.schemaId);
  }
  // avsc returns instances of generated record classes; a structured clone hands out plain objects.
  return { type: reader.type, data: structuredClone(data) } as OrderEvent;
}

export function createEventCodec(config: EventCodecConfig): EventCodec {
  const registry = new SchemaRegistry({
    host: config.registryUrl,
    clientId: 'kot-events',
    middlewares: [withRequestTimeout(config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS)],
  } as ConstructorParameters<typeof SchemaRegistry>[0]);
  const schemaIdOf = memoizeAsync((type: EventType) => register(registry, config.topic, type));
  const readerOf = memoizeAsync((schemaId: number) => loadReader(registry, schemaId));
  return {
    schemaIdOf,
    async encode(event) {
      const payload = serialize(event); // before any network call: invalid events fail fast
      return encodeWireFormat(await schemaIdOf(event.type), payload);
    },
    async decode(value) {
      const frame = decodeWireFormat(value);
      return deserialize(await readerOf(frame.schemaId), frame);
    },
  };
}
