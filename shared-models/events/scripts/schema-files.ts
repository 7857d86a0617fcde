// Reads the .avsc files that are the source of truth for the event contract. Used by codegen and
// by the unit tests that guard drift and compatibility, so both see exactly the same input.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertRecordSchema, type AvroRecordSchema } from '../src/avro-json';

const PACKAGE_DIR = join(__dirname, '..');
export const SCHEMAS_DIR = join(PACKAGE_DIR, 'schemas');
export const HISTORY_DIR = join(SCHEMAS_DIR, 'history');
export const GENERATED_FILE = join(PACKAGE_DIR, 'src', 'generated', 'events.ts');

export interface SchemaFile {
  /** File name without directory, e.g. `OrderPlaced.avsc` or `OrderPlaced.v1.avsc`. */
  readonly file: string;
  readonly schema: AvroRecordSchema;
}

export interface HistoricalSchema extends SchemaFile {
  /** Record name the file claims to be a past version of (from the file name). */
  readonly eventName: string;
  readonly version: number;
}

function readSchema(dir: string, file: string): SchemaFile {
  const text = readFileSync(join(dir, file), 'utf8');
  return { file, schema: assertRecordSchema(JSON.parse(text), file) };
}

/** Current schemas, sorted by file name so generated output is deterministic. */
export function loadCurrentSchemas(dir: string = SCHEMAS_DIR): SchemaFile[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.avsc'))
    .sort();
  return files.map((file) => {
    const loaded = readSchema(dir, file);
    // The file name is how humans find a schema; a mismatch would silently rename an event.
    if (file !== `${loaded.schema.name}.avsc`) throw new Error(`${file} defines record ${loaded.schema.name}`);
    return loaded;
  });
}

const HISTORY_FILE = /^([A-Za-z0-9]+)\.v(\d+)\.avsc$/;

/** Released versions kept for the BACKWARD check, named `<Name>.v<N>.avsc`. */
export function loadHistoricalSchemas(dir: string = HISTORY_DIR): HistoricalSchema[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.avsc'))
    .sort();
  return files.map((file) => {
    const match = HISTORY_FILE.exec(file);
    if (!match?.[1] || !match[2]) throw new Error(`${file}: history files must be named <Name>.v<N>.avsc`);
    return { ...readSchema(dir, file), eventName: match[1], version: Number(match[2]) };
  });
}
