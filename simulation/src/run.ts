// Runs one schedule: first the chosen steps (each choice picks one of the actions possible at that
// moment, faults included), then the system is left alone with a healthy outside world until it is
// quiet, and the invariants are checked. The trace says what happened, step by step, in words.
import { checkInvariants, type Verdict } from '@kot/invariants';
import type { Choice } from './arbitraries';
import type { Scenario } from './scenario';
import { START } from './scenario';
import { SimulatedSystem } from './system';

export interface RunResult {
  ok: boolean;
  verdicts: Verdict[];
  trace: string[];
  steps: number;
}

export interface RunOptions {
  settleStepLimit: number;
}

const stamp = (now: number) => `+${((now - START) / 1000).toFixed(1).padStart(7)}s`;

export function runSchedule(
  scenario: Scenario,
  choices: readonly Choice[],
  options: RunOptions = { settleStepLimit: 5_000 },
): RunResult {
  const system = new SimulatedSystem(scenario);
  const trace: string[] = [];
  const step = (label: string, run: () => void) => {
    trace.push(`${stamp(system.ctx.now)}  ${label}`);
    run();
  };
  for (const choice of choices) {
    const count = 'calm' in choice ? choice.calm : 1;
    for (let i = 0; i < count; i += 1) {
      const actions = system.actions(!('calm' in choice));
      const action = 'calm' in choice ? actions[0] : actions[choice.pick % Math.max(1, actions.length)];
      if (action) step(action.label, action.run);
    }
  }
  trace.push(`${stamp(system.ctx.now)}  -- faults end; the system runs on with a healthy outside world --`);
  let settled = false;
  for (let i = 0; i < options.settleStepLimit; i += 1) {
    const [next] = system.actions(false);
    if (!next) {
      settled = true;
      break;
    }
    step(next.label, next.run);
  }
  const verdicts = [...checkInvariants(system.snapshot()), sideVerdict(system, settled)];
  return { ok: verdicts.every((v) => v.ok), verdicts, trace, steps: trace.length };
}

/** What only a simulation can see: handlers that failed for good, and a system that never went quiet. */
function sideVerdict(system: SimulatedSystem, settled: boolean): Verdict {
  const offenders = [...system.ctx.incidents, ...(settled ? [] : ['the system was still busy after the step limit'])];
  return {
    name: 'no dead letters, quiet at the end',
    ok: offenders.length === 0,
    detail: 'every handler succeeded and nothing was left to do',
    offenders,
  };
}

/** A failing run in a form a person can read: what broke, then the steps that led there. */
export function describeFailure(result: RunResult, maxTraceLines = 400): string {
  const broken = result.verdicts
    .filter((v) => !v.ok)
    .map((v) => `  ✗ ${v.name}: ${v.offenders.slice(0, 6).join('; ')}`);
  const trace =
    result.trace.length > maxTraceLines
      ? [
          ...result.trace.slice(0, maxTraceLines - 20),
          `  … ${result.trace.length - maxTraceLines} steps …`,
          ...result.trace.slice(-20),
        ]
      : result.trace;
  return ['invariants broken:', ...broken, 'trace:', ...trace.map((line) => `  ${line}`)].join('\n');
}
