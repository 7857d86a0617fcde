// Turns the event schemas into src/generated/events.ts. Pure (schemas in, text out) so a unit test
// can re-render and compare with the committed file: types and schemas can never drift apart.
import type { AvroComplexSchema, AvroFieldSchema, AvroTypeSchema } from '../src/avro-json';
import { collectNamedTypes, isUnion, shortNameOf, type NamedType } from './named-types';
import type { SchemaFile } from './schema-files';

const BANNER = [
  '// GENERATED FILE, DO NOT EDIT. Source of truth: shared-models/events/schemas/*.avsc.',
  '// Regenerate with `npm run codegen`; a unit test fails if this file is stale.',
].join('\n');

const PRIMITIVES: Readonly<Record<string, string>> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

function docComment(doc: string | undefined, indent: string): string[] {
  return doc ? [`${indent}/** ${doc.replace(/\*\//g, '*\\/')} */`] : [];
}

function parenthesized(tsType: string): string {
  return tsType.includes(' | ') ? `(${tsType})` : tsType;
}

function unionTs(branches: readonly AvroTypeSchema[]): string {
  const rendered = branches.map(tsTypeOf);
  // `T | null` reads better than Avro's null-first order, and the meaning is the same.
  return [...rendered.filter((ts) => ts !== 'null'), ...rendered.filter((ts) => ts === 'null')].join(' | ');
}

function complexTs(type: AvroComplexSchema): string {
  switch (type.type) {
    case 'array':
      return `${parenthesized(tsTypeOf(type.items ?? 'null'))}[]`;
    case 'map':
      return `Record<string, ${tsTypeOf(type.values ?? 'null')}>`;
    case 'fixed':
      return 'Buffer';
    case 'record':
    case 'enum':
      return shortNameOf(type.name ?? '');
    default:
      return tsTypeOf(type.type); // a primitive written in object form, e.g. { "type": "long" }
  }
}

export function tsTypeOf(type: AvroTypeSchema): string {
  if (typeof type === 'string') return PRIMITIVES[type] ?? shortNameOf(type);
  return isUnion(type) ? unionTs(type) : complexTs(type);
}

/** `ShipmentStatus` -> `SHIPMENT_STATUS_VALUES`, the runtime list of an enum's symbols. */
export function enumValuesName(enumName: string): string {
  return `${enumName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_VALUES`;
}

function renderEnum({ shortName, definition }: NamedType): string[] {
  const symbols = (definition.symbols ?? []).map((symbol) => `'${symbol}'`);
  return [
    ...docComment(definition.doc, ''),
    `export type ${shortName} = ${symbols.join(' | ')};`,
    `export const ${enumValuesName(shortName)}: readonly ${shortName}[] = [${symbols.join(', ')}];`,
  ];
}

function renderField(field: AvroFieldSchema): string[] {
  return [...docComment(field.doc, '  '), `  ${field.name}: ${tsTypeOf(field.type)};`];
}

function renderRecord({ shortName, definition }: NamedType): string[] {
  const fields = (definition.fields ?? []).flatMap(renderField);
  return [...docComment(definition.doc, ''), `export interface ${shortName} {`, ...fields, '}'];
}

function renderNamedType(named: NamedType): string[] {
  return named.definition.type === 'enum' ? renderEnum(named) : renderRecord(named);
}

function section(title: string, blocks: string[][]): string[] {
  return [`// ---- ${title} ----`, '', ...blocks.flatMap((block) => [...block, ''])];
}

function renderUnion(eventNames: readonly string[]): string[] {
  return [
    '/** Every event on the orders topic, tagged by its record name. */',
    'export type OrderEvent =',
    ...eventNames.map((name, i) => `  | { type: '${name}'; data: ${name} }${i === eventNames.length - 1 ? ';' : ''}`),
    "export type EventType = OrderEvent['type'];",
    'export type EventOf<T extends EventType> = Extract<OrderEvent, { type: T }>;',
    "export type DataOf<T extends EventType> = EventOf<T>['data'];",
    'export const EVENT_TYPES: readonly EventType[] = [',
    ...eventNames.map((name) => `  '${name}',`),
    '];',
  ];
}

function renderSchemaMap(files: readonly SchemaFile[]): string[] {
  const entries = files.map(
    ({ schema }) => `  ${schema.name}: ${JSON.stringify(schema, null, 2).replace(/\n/g, '\n  ')},`,
  );
  return [
    '/** The Avro schema of each event, exactly as in its .avsc file (what gets registered). */',
    'export const EVENT_SCHEMAS: { readonly [T in EventType]: AvroRecordSchema } = {',
    ...entries,
    '};',
  ];
}

function singleNamespace(files: readonly SchemaFile[]): string {
  const namespaces = [...new Set(files.map(({ schema }) => schema.namespace))];
  if (namespaces.length !== 1)
    throw new Error(`event schemas must share one namespace, found: ${namespaces.join(', ')}`);
  return namespaces[0] ?? '';
}

export function renderEventsModule(files: readonly SchemaFile[]): string {
  const namespace = singleNamespace(files);
  const named = collectNamedTypes(files);
  const eventNames = files.map(({ schema }) => schema.name);
  const shared = named.filter((type) => !eventNames.includes(type.shortName));
  // Plain code-unit order, not localeCompare, so output is identical on every machine.
  const byName = (a: NamedType, b: NamedType) => (a.shortName < b.shortName ? -1 : 1);
  const lines = [
    BANNER,
    "import type { AvroRecordSchema } from '../avro-json';",
    '',
    `export const EVENT_NAMESPACE = '${namespace}';`,
    '',
    ...section(
      'Enums',
      shared
        .filter((type) => type.definition.type === 'enum')
        .sort(byName)
        .map(renderNamedType),
    ),
    ...section(
      'Shared records',
      shared
        .filter((type) => type.definition.type !== 'enum')
        .sort(byName)
        .map(renderNamedType),
    ),
    ...section('Event payloads', named.filter((type) => eventNames.includes(type.shortName)).map(renderNamedType)),
    ...section('Tagged union', [renderUnion(eventNames), renderSchemaMap(files)]),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
