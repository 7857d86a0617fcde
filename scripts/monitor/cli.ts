// `npm run monitor -- …` runs this file compiled (dist/monitor/cli.js, scripts/build/ensure-built.mjs); main.ts stays importable by tests.
// It exits explicitly because a Kafka client that never connected can keep the event loop alive.
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`monitor: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
