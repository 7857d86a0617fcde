// `npm run dlq -- …` runs this file compiled (dist/dlq/cli.js, scripts/build/ensure-built.mjs); main.ts stays importable by tests.
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`dlq: ${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  },
);
