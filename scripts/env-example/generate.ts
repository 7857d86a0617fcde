// `npm run env:example` (or `npx tsx scripts/env-example/generate.ts`): rewrites .env.example from the
// services' zod schemas; env-example.unit.test.ts fails while the committed file differs.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ENV_EXAMPLE_FILE, REPO_ROOT, envExampleText } from './env-example';

writeFileSync(ENV_EXAMPLE_FILE, envExampleText());
process.stdout.write(`wrote ${relative(REPO_ROOT, ENV_EXAMPLE_FILE)}\n`);
