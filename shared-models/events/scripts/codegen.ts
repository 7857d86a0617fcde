// `npm run -w @kot/events codegen`: regenerates src/generated/events.ts from schemas/*.avsc.
// Every schema is also compiled with avsc first, so an invalid schema never reaches the registry.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { Type } from 'avsc';
import { GENERATED_FILE, loadCurrentSchemas } from './schema-files';
import { renderEventsModule } from './render-events';

function main(): void {
  const files = loadCurrentSchemas();
  for (const { file, schema } of files) {
    try {
      Type.forSchema(schema as Parameters<typeof Type.forSchema>[0]);
    } catch (error) {
      throw new Error(`${file} is not a valid Avro schema: ${(error as Error).message}`);
    }
  }
  mkdirSync(dirname(GENERATED_FILE), { recursive: true });
  writeFileSync(GENERATED_FILE, renderEventsModule(files));
  console.log(`codegen: ${files.length} event schemas -> ${relative(process.cwd(), GENERATED_FILE)}`);
}

main();
