// The printed result of a run: the invariant table (PASS/FAIL with a one-line measure each, then
// up to ten offenders per failed row) and the fault table with each fault's time to restore
// (race faults included, each with the moment it struck).
import type { FaultRecord } from './faults';
import type { CheckResult } from './checks';

export interface RunReport {
  seed: number;
  ordersAccepted: number;
  ordersFailed: number;
  postRetries: number;
  faults: FaultRecord[];
  /** Process exits nobody asked for (the supervisor restarted them). */
  crashes: Array<{ name: string; offsetMs: number; code: number | null; signal: string | null }>;
  /** Last fault restored -> every order terminal, and -> everything at rest (null: not within the wait). */
  ordersTerminalAfterMs: number | null;
  quiescentAfterMs: number | null;
  checks: CheckResult[];
  durationsMs: Record<string, number>;
}

const seconds = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(1)}s`;

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function restored(f: FaultRecord): string {
  if (f.error) return `FAILED: ${f.error.slice(0, 120)}`;
  return f.restoredAt === undefined ? 'whole run' : seconds(f.restoredAt - f.startedAt);
}

/** AT is the moment in the load the fault struck; DETAIL says what a race fault did besides its knobs. */
export function formatFaults(faults: FaultRecord[]): string {
  return table(
    ['AT', 'FAULT', 'RESTORED AFTER', 'DETAIL'],
    faults.map((f) => [`+${(f.offsetMs / 1000).toFixed(1)}s`, f.label, restored(f), f.detail ?? '']),
  );
}

export function formatReport(report: RunReport): string {
  const injected = report.faults.filter((f) => !f.error).length;
  const lines = [
    '',
    `fault-injection run, seed ${report.seed}: ${report.ordersAccepted} orders accepted (${report.ordersFailed} refused, ${report.postRetries} POST retries)`,
    '',
    formatFaults(report.faults),
    '',
    `faults injected: ${injected}/${report.faults.length}; recovery (last fault restored or last order placed, if later -> every order terminal): ${seconds(report.ordersTerminalAfterMs)}, -> system at rest: ${seconds(report.quiescentAfterMs)}`,
    `unplanned process exits: ${report.crashes.length === 0 ? 'none' : report.crashes.map((c) => `${c.name} at +${seconds(c.offsetMs)} (${c.signal ?? `code ${c.code}`})`).join(', ')}`,
    `phases: ${Object.entries(report.durationsMs)
      .map(([phase, ms]) => `${phase} ${seconds(ms)}`)
      .join(', ')}`,
    '',
    table(
      ['INVARIANT', 'RESULT', 'MEASURED'],
      report.checks.map((c) => [c.name, c.passed ? 'PASS' : 'FAIL', c.detail]),
    ),
  ];
  for (const check of report.checks.filter((c) => !c.passed && c.offenders.length > 0)) {
    lines.push('', `${check.name}: first offenders`, ...check.offenders.map((o) => `  ${o}`));
  }
  const passed = report.checks.filter((c) => c.passed).length;
  lines.push('', `${passed} of ${report.checks.length} invariants held`);
  return lines.join('\n');
}

/** Machine-readable copy for the integration test (and anyone comparing runs). */
export function reportJson(report: RunReport): string {
  return JSON.stringify(report, null, 2);
}
