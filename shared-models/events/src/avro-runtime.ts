// Runtime view of the generated contract: compiled avsc types per event, the name mappings the
// codec and registry subjects rely on, and the BACKWARD check CI runs against released schemas.
import { Type } from 'avsc';
import { fullnameOf, type AvroRecordSchema } from './avro-json';
import { EVENT_NAMESPACE, EVENT_SCHEMAS, EVENT_TYPES, type EventType } from './generated/events';

// Compiled once per process because Type.forSchema is costly.
const compiled = new Map<EventType, Type>();

function compile(schema: AvroRecordSchema): Type {
  return Type.forSchema(schema as Parameters<typeof Type.forSchema>[0]);
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** The avsc type for an event's current schema. */
export function avroTypeOf(type: EventType): Type {
  let avroType = compiled.get(type);
  if (!avroType) {
    avroType = compile(EVENT_SCHEMAS[type]);
    compiled.set(type, avroType);
  }
  return avroType;
}

/** `com.kafkaordertracking.events.OrderPlaced` for `OrderPlaced`. */
export function eventFullname(type: EventType): string {
  return fullnameOf(EVENT_SCHEMAS[type]);
}

/** Inverse of eventFullname; undefined for records that are not our events. */
export function eventTypeOfFullname(fullname: string): EventType | undefined {
  const prefix = `${EVENT_NAMESPACE}.`;
  if (!fullname.startsWith(prefix)) return undefined;
  const name = fullname.slice(prefix.length);
  return isEventType(name) ? name : undefined;
}

/** TopicRecordNameStrategy: one subject per (topic, record) so each event evolves on its own. */
export function subjectOf(topic: string, type: EventType): string {
  return `${topic}-${eventFullname(type)}`;
}

export interface CompatibilityResult {
  readonly compatible: boolean;
  /** Why the new schema cannot read the old data; absent when compatible. */
  readonly reason?: string;
}

/**
 * BACKWARD as the registry defines it: can a consumer on `current` read data written with
 * `previous`? avsc's resolver (reader = current, writer = previous) is exactly that check.
 */
export function checkBackwardCompatible(current: AvroRecordSchema, previous: AvroRecordSchema): CompatibilityResult {
  try {
    compile(current).createResolver(compile(previous));
    return { compatible: true };
  } catch (error) {
    return { compatible: false, reason: (error as Error).message };
  }
}
