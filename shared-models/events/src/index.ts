// Public surface of @kot/events: the event contract (generated types and schemas), the Kafka codec,
// topic and header names, the compatibility check, and sample events for other packages' tests.
export * from './generated/events';
export type { AvroComplexSchema, AvroFieldSchema, AvroRecordSchema, AvroTypeSchema } from './avro-json';
export { fullnameOf } from './avro-json';
export {
  createEventCodec,
  decodeWireFormat,
  encodeWireFormat,
  HEADER_LENGTH,
  MAGIC_BYTE,
  type EventCodec,
  type EventCodecConfig,
  type WireFrame,
} from './codec';
export { InvalidEventError, PoisonMessageError, type PoisonReason } from './errors';
export {
  avroTypeOf,
  checkBackwardCompatible,
  eventFullname,
  eventTypeOfFullname,
  isEventType,
  subjectOf,
  type CompatibilityResult,
} from './avro-runtime';
export { HEADERS, TOPICS, type HeaderName, type TopicName } from './topics';
export * from './testing/samples';
