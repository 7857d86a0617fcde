import { explore } from './explore';

// Every CI run explores fresh schedules (a new seed each time); a failure prints the seed, the
// shrunk trace and the command that replays it. SAGA_SIM_RUNS / SAGA_SIM_SEED pin them by hand.
const runs = Number(process.env.SAGA_SIM_RUNS ?? 10_000);
const seed = process.env.SAGA_SIM_SEED === undefined ? undefined : Number(process.env.SAGA_SIM_SEED);

describe('the order saga under simulated interleavings', () => {
  it(`holds every invariant over ${runs} schedules of orders, faults, cancels and crashes`, () => {
    const result = explore({ runs, seed });
    if (result.failed) throw new Error(result.report);
    expect(result.runs).toBe(runs);
  }, 240_000);
});
