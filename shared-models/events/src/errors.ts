// Errors the codec throws. The split matters to consumers: a PoisonMessageError will fail the same
// way on every retry, so it must be dead-lettered; anything else (registry down, timeouts) is
// transient and should be retried without moving the offset.

export type PoisonReason =
  /** Too short, or the first byte is not the Confluent magic byte 0. */
  | 'not-confluent-wire-format'
  /** The registry has no schema with the id in the message. */
  | 'unknown-schema-id'
  /** The schema exists but is not an Avro record (e.g. a JSON or Protobuf schema). */
  | 'not-an-avro-record'
  /** An Avro record, but not one of our events (wrong name or namespace). */
  | 'unknown-event-type'
  /** Our event, but written with a schema the current one cannot read. */
  | 'incompatible-schema'
  /** The Avro bytes do not decode with the writer's schema (truncated, trailing or corrupt data). */
  | 'invalid-avro';

export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';

  constructor(
    readonly reason: PoisonReason,
    detail: string,
    readonly schemaId?: number,
  ) {
    super(`poison message (${reason}): ${detail}`);
  }
}

/** Thrown by encode when the data does not match the event's schema: a producer bug, never retried. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';

  constructor(
    readonly eventType: string,
    /** Dotted paths of the offending fields, e.g. `customer.email`. */
    readonly paths: readonly string[],
  ) {
    super(`invalid ${eventType} event: ${paths.length ? `bad field(s) ${paths.join(', ')}` : 'unknown event type'}`);
  }
}
