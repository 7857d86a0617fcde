// Command-line options of the order simulator. Every flag is validated up front so a typo fails in
// milliseconds with a usage message (exit 2) instead of half-way through a load run.
import { orderServiceUrls, toolStackEnv } from '../lib/order-urls';
import { MIXES, type MixName } from './mix';

export interface SimulationOptions {
  /** Orders started per second, open loop: the next order does not wait for the previous answer. */
  rate: number;
  /** Seconds of sending; the run never places more than rate × duration orders. */
  durationS: number;
  mix: MixName;
  /** Every order-service instance; requests take turns over them (there is no load balancer). */
  orderUrls: string[];
  inventoryUrl: string;
  /** Seconds to wait, after sending stops, for accepted orders to reach DELIVERED or CANCELLED. */
  settleTimeoutS: number;
  /** Seed of the random source, so a run can be repeated order for order. */
  seed: number;
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run simulate -- [--rate N] [--duration S] [--mix realistic|happy]
                         [--settle-timeout S] [--seed N] [--order-url URL,...] [--inventory-url URL]
  --rate            orders per second, 0.1..200 (default 5)
  --duration        seconds of sending, 1..3600 (default 30)
  --mix             realistic: mostly happy, some out of stock, declined, undeliverable, cancelled;
                    happy: every order should be delivered (default realistic)
  --settle-timeout  seconds to wait for every accepted order to finish, 1..3600 (default 120)
  --seed            integer seed of the random source (default: the current time)
  --order-url       order service, loopback only; a comma-separated list spreads the requests over
                    several instances (default every instance of the running system, http://127.0.0.1:8081 first)
  --inventory-url   inventory service, loopback only (default http://127.0.0.1:8082)`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function number(flag: string, text: string, min: number, max: number, integer = false): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'}, got "${text}"`);
  }
  if (value < min || value > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}

// Load goes to this machine only: a mistyped URL must never send fake orders somewhere real.
function loopbackUrl(flag: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${flag} must be a URL, got "${text}"`);
  }
  if (url.protocol !== 'http:') throw new UsageError(`${flag} must be an http:// URL, got "${text}"`);
  if (!LOOPBACK.has(url.hostname))
    throw new UsageError(`${flag} must point at this machine (127.0.0.1, localhost or [::1]), got "${url.hostname}"`);
  return url.origin;
}

type Setter = (options: SimulationOptions, value: string, flag: string) => void;

const SETTERS: Record<string, Setter> = {
  '--rate': (o, v, f) => {
    o.rate = number(f, v, 0.1, 200);
  },
  '--duration': (o, v, f) => {
    o.durationS = number(f, v, 1, 3600);
  },
  '--settle-timeout': (o, v, f) => {
    o.settleTimeoutS = number(f, v, 1, 3600);
  },
  '--seed': (o, v, f) => {
    o.seed = number(f, v, 0, 2 ** 32 - 1, true);
  },
  '--order-url': (o, v, f) => {
    const urls = v.split(',').filter((part) => part.trim() !== '');
    if (urls.length === 0) throw new UsageError(`${f} needs at least one URL`);
    o.orderUrls = urls.map((url) => loopbackUrl(f, url.trim()));
  },
  '--inventory-url': (o, v, f) => {
    o.inventoryUrl = loopbackUrl(f, v);
  },
  '--mix': (o, v, f) => {
    if (!(MIXES as readonly string[]).includes(v))
      throw new UsageError(`${f} must be one of ${MIXES.join(', ')}, got "${v}"`);
    o.mix = v as MixName;
  },
};

/** The order service of the running system's topology: one URL per instance. */
function topologyOrderUrls(): string[] {
  return orderServiceUrls(toolStackEnv());
}

/**
 * Parses `--flag value` and `--flag=value`; throws UsageError naming the first bad flag. Without
 * --order-url the instances come from `defaultOrderUrls`, read only then.
 */
export function parseArgs(
  argv: readonly string[],
  defaultSeed = Date.now() % 2 ** 32,
  defaultOrderUrls: () => string[] = topologyOrderUrls,
): SimulationOptions {
  const options: SimulationOptions = {
    rate: 5,
    durationS: 30,
    mix: 'realistic',
    orderUrls: [],
    inventoryUrl: 'http://127.0.0.1:8082',
    settleTimeoutS: 120,
    seed: defaultSeed,
  };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag = '', inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const setter = SETTERS[flag];
    if (!setter) throw new UsageError(`unknown argument "${arg}"`);
    if (seen.has(flag)) throw new UsageError(`${flag} given twice`);
    seen.add(flag);
    const value = inline ?? argv[(i += 1)];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new UsageError(`${flag} needs a value`);
    setter(options, value, flag);
  }
  if (options.orderUrls.length === 0) options.orderUrls = defaultOrderUrls();
  return options;
}
