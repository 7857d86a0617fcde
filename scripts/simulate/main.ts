// The order simulator's entry point (see docs/operating.md): parse, run, print the summary.
// Exit codes: 0 every accepted order finished, 1 some did not (or the system is not reachable), 2 bad arguments.
import { parseArgs, USAGE, UsageError } from './args';
import { seededRandom } from './mix';
import { formatSummary, startProgress, summarize, type Summary } from './report';
import { newRunState, simulate } from './run';

export interface MainIo {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream;
}

export async function main(
  argv: readonly string[],
  io: MainIo = { out: process.stdout, err: process.stderr },
): Promise<{ code: number; summary?: Summary }> {
  let options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`simulate: ${error.message}\n${USAGE}\n`);
    return { code: 2 };
  }
  io.out.write(
    `simulating ${options.mix} traffic: ${options.rate}/s for ${options.durationS}s against ${options.orderUrls.join(', ')} (seed ${options.seed})\n`,
  );
  const state = newRunState();
  const stopProgress = startProgress(state, io.out);
  try {
    await simulate(options, seededRandom(options.seed), state);
  } catch (error) {
    stopProgress();
    io.err.write(`simulate: ${(error as Error).message}\n`);
    return { code: 1 };
  }
  stopProgress();
  const summary = summarize(state);
  io.out.write(`${formatSummary(summary)}\n`);
  return { code: (summary.outcomes.UNFINISHED ?? 0) > 0 ? 1 : 0, summary };
}
