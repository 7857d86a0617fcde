// Finds every named Avro type (records, enums) across the event schemas. Each .avsc must inline the
// shared types it uses (the registry registers each schema standalone), so the same fullname
// appears in several files; this is where we insist those copies are identical, otherwise two
// services could disagree about what a `StockLine` is while both "follow the contract".
import type { AvroComplexSchema, AvroTypeSchema } from '../src/avro-json';
import type { SchemaFile } from './schema-files';

export interface NamedType {
  readonly fullname: string;
  readonly shortName: string;
  readonly definition: AvroComplexSchema;
  /** First file that defines it, for error messages. */
  readonly file: string;
}

export function isUnion(type: AvroTypeSchema): type is readonly AvroTypeSchema[] {
  return Array.isArray(type);
}

export function shortNameOf(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function fullnameIn(definition: AvroComplexSchema, enclosingNamespace: string): string {
  const name = definition.name ?? '';
  if (name.includes('.')) return name;
  return `${definition.namespace ?? enclosingNamespace}.${name}`;
}

function record(found: Map<string, NamedType>, candidate: NamedType): void {
  const existing = found.get(candidate.fullname);
  if (!existing) {
    found.set(candidate.fullname, candidate);
    return;
  }
  if (JSON.stringify(existing.definition) !== JSON.stringify(candidate.definition)) {
    throw new Error(
      `${candidate.fullname} is defined differently in ${existing.file} and ${candidate.file}; copies must be identical`,
    );
  }
}

function walk(type: AvroTypeSchema, namespace: string, file: string, found: Map<string, NamedType>): void {
  if (typeof type === 'string') return;
  if (isUnion(type)) {
    type.forEach((branch) => walk(branch, namespace, file, found));
    return;
  }
  if (type.items !== undefined) walk(type.items, namespace, file, found);
  if (type.values !== undefined) walk(type.values, namespace, file, found);
  if (type.name === undefined) return;
  const fullname = fullnameIn(type, namespace);
  record(found, { fullname, shortName: shortNameOf(fullname), definition: type, file });
  const innerNamespace = fullname.slice(0, fullname.lastIndexOf('.'));
  for (const field of type.fields ?? []) walk(field.type, innerNamespace, file, found);
}

/** All named types in the given schemas (event records included), in order of first appearance. */
export function collectNamedTypes(files: readonly SchemaFile[]): NamedType[] {
  const found = new Map<string, NamedType>();
  for (const { file, schema } of files) walk(schema, schema.namespace, file, found);
  const byShortName = new Map<string, string>();
  for (const named of found.values()) {
    // Generated TypeScript uses short names, so two namespaces must not share one.
    const clash = byShortName.get(named.shortName);
    if (clash) throw new Error(`${clash} and ${named.fullname} would both generate ${named.shortName}`);
    byShortName.set(named.shortName, named.fullname);
  }
  return [...found.values()];
}
