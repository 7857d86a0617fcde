// What the operator sees: a progress line redrawn in place while the run goes, then a summary.
import { accepted, unfinished, type RunState } from './run';
import { SCENARIOS, type Scenario } from './mix';

export interface Summary {
  sent: number;
  skipped: number;
  accepted: number;
  rejected: Record<string, number>;
  /** DELIVERED, CANCELLED, or UNFINISHED when the settle timeout passed first. */
  outcomes: Record<string, number>;
  cancellationReasons: Record<string, number>;
  /** Per intended scenario: what actually happened, e.g. { happy: { DELIVERED: 40 } }. */
  byScenario: Partial<Record<Scenario, Record<string, number>>>;
  orderIds: string[];
  seconds: number;
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export function summarize(state: RunState): Summary {
  const outcomes: Record<string, number> = {};
  const cancellationReasons: Record<string, number> = {};
  const byScenario: Summary['byScenario'] = {};
  for (const order of state.orders) {
    const outcome = order.finished ? order.status : 'UNFINISHED';
    bump(outcomes, outcome);
    if (order.status === 'CANCELLED') bump(cancellationReasons, order.reason ?? 'unknown');
    const detail =
      order.status === 'CANCELLED'
        ? `CANCELLED(${order.reason ?? '?'})`
        : order.finished
          ? outcome
          : `UNFINISHED(${order.status})`;
    bump((byScenario[order.scenario] ??= {}), detail);
  }
  return {
    sent: state.sent,
    skipped: state.skipped,
    accepted: accepted(state),
    rejected: Object.fromEntries(state.rejected),
    outcomes,
    cancellationReasons,
    byScenario,
    orderIds: state.orders.map((o) => o.orderId),
    seconds: (Date.now() - state.startedAt) / 1000,
  };
}

export function progressLine(state: RunState): string {
  const rejected = [...state.rejected.values()].reduce((a, b) => a + b, 0);
  const open = unfinished(state);
  return `sent ${state.sent}  accepted ${accepted(state)}  rejected ${rejected}  in flight ${state.outstanding + open}  finished ${accepted(state) - open}  ${((Date.now() - state.startedAt) / 1000).toFixed(1)}s`;
}

const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

export function formatSummary(summary: Summary): string {
  const rejected = Object.values(summary.rejected).reduce((a, b) => a + b, 0);
  const lines = [
    `summary after ${summary.seconds.toFixed(1)}s`,
    `  sent      ${summary.sent}${summary.skipped > 0 ? ` (${summary.skipped} skipped: too many unanswered requests)` : ''}`,
    `  accepted  ${summary.accepted}`,
    `  rejected  ${rejected}${rejected > 0 ? ` (by status: ${counts(summary.rejected)})` : ''}`,
    `  outcome   ${counts(summary.outcomes)}`,
    `  cancelled ${counts(summary.cancellationReasons)}`,
    '  by scenario:',
    ...SCENARIOS.filter((s) => summary.byScenario[s]).map(
      (s) => `    ${s.padEnd(16)} ${counts(summary.byScenario[s] ?? {})}`,
    ),
  ];
  return lines.join('\n');
}

/** Redraws the line in place on a terminal; elsewhere (CI logs, tests) prints one every few seconds. */
export function startProgress(state: RunState, out: NodeJS.WritableStream & { isTTY?: boolean }): () => void {
  const tty = out.isTTY === true;
  const timer = setInterval(
    () => out.write(tty ? `\r\x1b[K${progressLine(state)}` : `${progressLine(state)}\n`),
    tty ? 250 : 5000,
  );
  return () => {
    clearInterval(timer);
    out.write(tty ? `\r\x1b[K${progressLine(state)}\n` : `${progressLine(state)}\n`);
  };
}
