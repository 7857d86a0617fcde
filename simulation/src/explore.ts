// One entry point for the test and the command line: explore N schedules from a seed (or replay one
// by seed and path), and turn a failure into a report with the command that replays it.
import fc from 'fast-check';
import { scenarioArb, scheduleArb } from './arbitraries';
import { describeFailure, runSchedule } from './run';

/** `only`: count a schedule as failing only if its report mentions this text (hunt one kind of failure). */
export interface ExploreOptions {
  runs: number;
  seed?: number;
  path?: string;
  only?: string;
}

export interface Exploration {
  failed: boolean;
  report: string;
  seed: number;
  runs: number;
}

export function explore(options: ExploreOptions): Exploration {
  const property = fc.property(scenarioArb, scheduleArb, (scenario, choices) => {
    const result = runSchedule(scenario, choices);
    if (result.ok) return;
    const report = `${describeFailure(result)}\nscenario: ${JSON.stringify(scenario)}`;
    if (options.only === undefined || report.includes(options.only)) throw new Error(report);
  });
  const details = fc.check(property, {
    numRuns: options.runs,
    seed: options.seed,
    path: options.path,
    endOnFailure: false,
  });
  if (!details.failed)
    return {
      failed: false,
      report: `${details.numRuns} schedules explored (seed ${details.seed}), every invariant held`,
      seed: details.seed,
      runs: details.numRuns,
    };
  const replay = `npm run saga-sim -- --seed ${details.seed} --path ${details.counterexamplePath}${options.only === undefined ? '' : ` --only '${options.only}'`}`;
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const report = [
    `schedule failed after ${details.numRuns} runs (seed ${details.seed}, shrunk ${details.numShrinks} times)`,
    `replay: ${replay}`,
    error,
  ].join('\n');
  return { failed: true, report, seed: details.seed, runs: details.numRuns };
}
