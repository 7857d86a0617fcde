// The fault schedule and the flags of `npm run faults`: the same seed must replay the same run, every
// fault kind must strike exactly once inside the load, and a bad flag must fail before anything starts.
import { seededRandom } from '../simulate/mix';
import { parseFaultArgs, UsageError } from './args';
import { FAULT_LABELS_30S, SCALE_OUT_LABELS_30S, faultLabel, scheduleFaults } from './faults';

describe('scheduleFaults', () => {
  const schedule = (seed: number) => scheduleFaults(seededRandom(seed), 10_000, 150_000, 30_000);

  it('strikes each of the fifteen faults once, sorted by time, inside the window', () => {
    const faults = schedule(7);
    expect(faults.map((f) => faultLabel(f.fault)).sort()).toEqual(FAULT_LABELS_30S);
    expect(faults.map((f) => f.at)).toEqual([...faults.map((f) => f.at)].sort((a, b) => a - b));
    for (const { at, fault } of faults) {
      expect(at).toBeGreaterThanOrEqual(10_000);
      // A window fault starts early enough that its window also ends while the load still flows.
      const end = fault.kind === 'stop' || fault.kind === 'outage' ? at + fault.windowMs : at;
      expect(end).toBeLessThanOrEqual(150_000);
    }
  });

  it('replays the same moments for the same seed and moves them for another', () => {
    expect(schedule(7)).toEqual(schedule(7));
    expect(schedule(8).map((f) => f.at)).not.toEqual(schedule(7).map((f) => f.at));
  });
});

describe('scheduleFaults for a scale-out run (3 brokers, 2 instances)', () => {
  const scaleOut = scheduleFaults(seededRandom(7), 10_000, 150_000, 30_000, { brokers: 3, replicas: 2 });
  const single = scheduleFaults(seededRandom(7), 10_000, 150_000, 30_000);
  const at = (faults: typeof single, label: string) => faults.find((f) => faultLabel(f.fault) === label)?.at;

  it('kills a broker instead of restarting Kafka, and adds a third order-service instance', () => {
    expect(scaleOut.map((f) => faultLabel(f.fault)).sort()).toEqual(SCALE_OUT_LABELS_30S);
  });

  it('strikes every fault a single-node run has at the same moment as that run', () => {
    for (const label of FAULT_LABELS_30S.filter((l) => l !== 'restart kafka')) {
      expect(at(scaleOut, label)).toBe(at(single, label));
    }
  });

  it('brings the killed broker back while the load still flows', () => {
    const broker = scaleOut.find((f) => f.fault.kind === 'kill-broker');
    expect((broker?.at ?? Infinity) + 30_000).toBeLessThanOrEqual(150_000);
  });
});

describe('parseFaultArgs', () => {
  it("defaults to the issue's numbers: 1,000 orders, 30 s windows, 60 s recovery", () => {
    expect(parseFaultArgs([], 5)).toEqual({
      orders: 1000,
      rate: 2.5,
      windowS: 30,
      recoveryS: 60,
      seed: 5,
      basePort: 19400,
      carrierStepMs: 200,
      reservationTtlS: 20,
      brokers: 1,
      replicas: 1,
    });
  });

  it('reads --flag value and --flag=value', () => {
    const options = parseFaultArgs(
      ['--orders', '300', '--rate=2.5', '--window', '10', '--seed=42', '--reservation-ttl', '15'],
      5,
    );
    expect(options).toMatchObject({ orders: 300, rate: 2.5, windowS: 10, seed: 42, reservationTtlS: 15 });
    expect(parseFaultArgs(['--brokers', '3', '--replicas=2'], 5)).toMatchObject({ brokers: 3, replicas: 2 });
  });

  it.each([
    [['--orders', '5'], '--orders must be between 10 and 100000, got 5'],
    [['--rate'], '--rate needs a value'],
    [['--seed', '1.5'], '--seed must be a whole number, got "1.5"'],
    [['--orders', '20', '--orders', '30'], '--orders given twice'],
    [['--chaos'], 'unknown argument "--chaos"'],
    [['--brokers', '6'], '--brokers must be between 1 and 5, got 6'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseFaultArgs(argv, 5)).toThrow(new UsageError(message));
  });
});
