// `npm run faults -- …`: one fault-injection run against an isolated stack (see docs/operating.md).
// Exit codes: 0 every invariant held and every fault was injected, 1 otherwise, 2 bad arguments.
// With FAULTS_REPORT_FILE set, the report is also written there as JSON (the integration test reads it).
import { writeFileSync } from 'node:fs';
import { parseFaultArgs, USAGE, UsageError } from './args';
import { formatReport, reportJson } from './report';
import { runFaultInjection } from './run';

async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseFaultArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`faults: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const started = Date.now();
  const log = (line: string) =>
    process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s  ${line}\n`);
  const report = await runFaultInjection(options, log);
  process.stdout.write(`${formatReport(report)}\n`);
  const reportFile = process.env.FAULTS_REPORT_FILE;
  if (reportFile) writeFileSync(reportFile, reportJson(report));
  const allInjected = report.faults.every((f) => !f.error);
  return report.checks.every((c) => c.passed) && allInjected ? 0 : 1;
}

// SIGTERM/SIGINT (a test timing out, Ctrl-C) must still tear the stack down: runFaultInjection's
// finally does that once the pending work rejects, so only the exit is deferred here.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`faults: ${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  },
);
