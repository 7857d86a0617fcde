// Shapes of the Avro schema JSON we keep in schemas/*.avsc. avsc types these loosely (its own
// schema typings are not exported as a stable API), so the contract package names them itself:
// codegen, the generated schema map and the compatibility check all share these definitions.

/** Any Avro type as JSON: a primitive or named reference, a union, or a complex type object. */
export type AvroTypeSchema = string | readonly AvroTypeSchema[] | AvroComplexSchema;

/** A complex Avro type (`record`, `enum`, `array`, `map`, `fixed`) or a primitive in object form. */
export interface AvroComplexSchema {
  readonly type: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly doc?: string;
  readonly fields?: readonly AvroFieldSchema[];
  readonly symbols?: readonly string[];
  readonly items?: AvroTypeSchema;
  readonly values?: AvroTypeSchema;
  readonly [attribute: string]: unknown;
}

export interface AvroFieldSchema {
  readonly name: string;
  readonly type: AvroTypeSchema;
  readonly doc?: string;
  readonly default?: unknown;
}

/** A top-level event schema: one record per .avsc file, always namespaced. */
export interface AvroRecordSchema extends AvroComplexSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace: string;
  readonly fields: readonly AvroFieldSchema[];
}

/** The Avro fullname (`namespace.name`) that registry subjects and decoding are keyed by. */
export function fullnameOf(schema: AvroRecordSchema): string {
  return `${schema.namespace}.${schema.name}`;
}

/** Narrows parsed JSON to an event record schema; codegen and tests fail loudly on anything else. */
export function assertRecordSchema(value: unknown, origin: string): AvroRecordSchema {
  const candidate = value as Partial<AvroRecordSchema> | null;
  const ok =
    candidate !== null &&
    typeof candidate === 'object' &&
    candidate.type === 'record' &&
    typeof candidate.name === 'string' &&
    typeof candidate.namespace === 'string' &&
    Array.isArray(candidate.fields);
  if (!ok) throw new Error(`${origin}: expected a namespaced Avro record schema`);
  return value as AvroRecordSchema;
}
