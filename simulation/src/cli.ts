// npm run saga-sim -- [--runs N] [--seed S] [--path P] [--only TEXT]
// Explores schedules of the whole saga (models of the five services, Kafka and the outside world,
// running the services' own deciders) and prints the first failure, shrunk, with its trace.
import { explore } from './explore';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const seed = option('seed');
const path = option('path');
const runs = Number(option('runs') ?? (path ? 1 : 10_000));
const started = Date.now();
const result = explore({ runs, seed: seed === undefined ? undefined : Number(seed), path, only: option('only') });
console.log(result.report);
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exitCode = result.failed ? 1 : 0;
