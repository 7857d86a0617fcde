// Command-line options of the fault-injection suite, validated up front (a typo fails in
// milliseconds with the usage text and exit 2, before any JVM is started).
export interface FaultOptions {
  /** Orders placed during the run (the issue asks for at least 1,000). */
  orders: number;
  /** Orders started per second; orders / rate is the length of the load, inside which every fault falls. */
  rate: number;
  /** Length of the SMTP-catcher stop and of the payment and carrier outages. */
  windowS: number;
  /** Every order must be terminal this long after the last fault was restored. */
  recoveryS: number;
  seed: number;
  /** First port of the isolated stack's private range (it uses base+25 .. base+93). */
  basePort: number;
  /** Milliseconds between two carrier tracking steps: short, so delivered orders finish inside the run. */
  carrierStepMs: number;
  /** The run's inventory service holds stock this long (a race fault for the whole run: holds expire around confirmation). */
  reservationTtlS: number;
  /** Kafka nodes of the isolated stack; with more than one, a broker is kill -9'd instead of Kafka restarted. */
  brokers: number;
  /** Instances of each service; with more than one, a further order-service instance joins mid-run. */
  replicas: number;
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run faults -- [--orders N] [--rate N] [--window S] [--recovery S] [--seed N] [--base-port N] [--carrier-step-ms N]
                           [--reservation-ttl S] [--brokers N] [--replicas N]
  --orders           orders placed while faults are injected, 10..100000 (default 1000)
  --rate             orders per second, 0.5..100 (default 2.5: what the co-located system on 2 cores sustains)
  --window           seconds the SMTP catcher is stopped and the payment provider and carrier fail, 1..600 (default 30)
  --recovery         seconds after the last fault within which every order must be terminal, 1..3600 (default 60)
  --seed             seed of the fault schedule and the order mix (default: the current time)
  --base-port        first port of the isolated stack's range, 1024..65000 (default 19400)
  --carrier-step-ms  carrier simulator's time between tracking steps (default 200)
  --reservation-ttl  seconds the run's inventory service holds stock, 1..3600 (default 20, so holds expire while orders are paid for)
  --brokers          Kafka nodes, 1..5 (default 1; 3 = replication factor 3, min.insync 2, and one broker is kill -9'd)
  --replicas         instances of each service, 1..5 (default 1; 2 = one instance of each is kill -9'd while the
                     other serves, and a third order-service instance joins mid-run)`;

function number(flag: string, text: string | undefined, min: number, max: number, integer: boolean): number {
  if (text === undefined || text.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'}, got "${text}"`);
  }
  if (value < min || value > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}

const FLAGS: Record<string, [keyof FaultOptions, number, number, boolean]> = {
  '--orders': ['orders', 10, 100_000, true],
  '--rate': ['rate', 0.5, 100, false],
  '--window': ['windowS', 1, 600, false],
  '--recovery': ['recoveryS', 1, 3600, false],
  '--seed': ['seed', 0, 2 ** 32 - 1, true],
  '--base-port': ['basePort', 1024, 65_000, true],
  '--carrier-step-ms': ['carrierStepMs', 0, 60_000, true],
  '--reservation-ttl': ['reservationTtlS', 1, 3600, false],
  '--brokers': ['brokers', 1, 5, true],
  '--replicas': ['replicas', 1, 5, true],
};

/** Parses `--flag value` and `--flag=value`; throws UsageError naming the first bad one. */
export function parseFaultArgs(argv: readonly string[], defaultSeed = Date.now() % 2 ** 32): FaultOptions {
  const options: FaultOptions = {
    orders: 1000,
    rate: 2.5,
    windowS: 30,
    recoveryS: 60,
    seed: defaultSeed,
    basePort: 19400,
    carrierStepMs: 200,
    reservationTtlS: 20,
    brokers: 1,
    replicas: 1,
  };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const spec = FLAGS[flag];
    if (!spec) throw new UsageError(`unknown argument "${arg}"`);
    if (seen.has(flag)) throw new UsageError(`${flag} given twice`);
    seen.add(flag);
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[(i += 1)];
    const [key, min, max, integer] = spec;
    options[key] = number(flag, value, min, max, integer);
  }
  return options;
}
