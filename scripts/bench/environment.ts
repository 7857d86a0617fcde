// What a run happens in. The machine, stored with every result (figures mean little without it).
// The simulators, put in their fastest mode for the run and back afterwards: fault knobs (latency,
// error rate, outage, declines) off through PUT /admin/faults, the previous knobs restored at the
// end. The carrier's step time (CARRIER_STEP_MS) and the order service's rate limit are fixed at
// start-up with no admin endpoint, so the bench reads them from the running processes and reports them.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Endpoints } from './config';
import { readPidFile } from './proc';

export const START_HINT =
  'scripts/stop-system.sh && CARRIER_STEP_MS=0 ORDER_RATE_LIMIT_PER_SECOND=0 scripts/start-system.sh';
export const INSTANT_HINT = `the carrier simulator moves a parcel one step per CARRIER_STEP_MS (default 1000 ms); for instant delivery: ${START_HINT}`;

type Knobs = Record<string, unknown>;

export interface SimulatorState {
  carrierStepMs: number | null;
  orderRateLimit: string;
  restore: () => Promise<void>;
  problems: string[];
}

async function swapFaults(url: string, next: Knobs): Promise<Knobs> {
  const current = await fetch(`${url}/admin/faults`);
  if (!current.ok) throw new Error(`GET ${url}/admin/faults answered ${current.status}`);
  const { outageActive: _derived, ...previous } = (await current.json()) as Knobs;
  const put = await fetch(`${url}/admin/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(next),
  });
  if (!put.ok) throw new Error(`PUT ${url}/admin/faults answered ${put.status}`);
  return previous;
}

/** The environment of an app started by start-system.sh; null when it is not running or not readable. */
function appEnviron(root: string, app: string): string | null {
  const pid = readPidFile(path.join(root, `.local/run/apps/${app}.pid`));
  if (pid === null) return null;
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return null;
  }
}

/** A variable of a /proc environ block; undefined when unset or empty. */
export function environValue(environ: string, key: string): string | undefined {
  const entry = environ.split('\0').find((e) => e.startsWith(`${key}=`));
  const value = entry?.slice(key.length + 1).trim();
  return value === '' ? undefined : value;
}

export function stepFromEnviron(environ: string): number {
  const value = Number(environValue(environ, 'CARRIER_STEP_MS') ?? NaN);
  return Number.isFinite(value) ? value : 1000;
}

/** ORDER_RATE_LIMIT_PER_SECOND of the running order service, as the bench reports it. */
export function rateLimitFromEnviron(environ: string | null): string {
  if (environ === null) return 'unknown';
  return environValue(environ, 'ORDER_RATE_LIMIT_PER_SECOND') ?? 'unset (order-service default)';
}

export async function makeSimulatorsInstant(root: string, endpoints: Endpoints): Promise<SimulatorState> {
  const problems: string[] = [];
  const restores: Array<() => Promise<unknown>> = [];
  for (const url of [endpoints.paymentUrl, endpoints.carrierUrl]) {
    try {
      const previous = await swapFaults(url, {});
      restores.push(() => swapFaults(url, previous));
    } catch (error) {
      problems.push(`could not turn faults off: ${(error as Error).message}`);
    }
  }
  const carrierEnv = appEnviron(root, 'carrier-simulator');
  const step = carrierEnv === null ? null : stepFromEnviron(carrierEnv);
  const orderRateLimit = rateLimitFromEnviron(appEnviron(root, 'order-service'));
  if (orderRateLimit !== '0')
    problems.push(
      `order service rate limit ORDER_RATE_LIMIT_PER_SECOND=${orderRateLimit}: runs above it get 429s; for the bench: ${START_HINT}`,
    );
  if (step === null) problems.push('could not read the carrier simulator step time; ' + INSTANT_HINT);
  else if (step > 0)
    problems.push(
      `carrier step is ${step} ms, so each saga waits ${step * 4} ms or more for delivery: ${INSTANT_HINT}`,
    );
  const restore = async (): Promise<void> => {
    for (const undo of restores) await undo().catch(() => undefined);
  };
  return { carrierStepMs: step, orderRateLimit, restore, problems };
}

export interface MachineInfo {
  hostname: string;
  cpuModel: string;
  cores: number;
  memoryGb: number;
  loadAverage: number[];
  kernel: string;
  node: string;
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    kernel: os.release(),
    node: process.version,
  };
}
