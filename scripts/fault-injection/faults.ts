// The faults of one run and when they strike: every kind once, at a moment drawn from the seeded
// random source inside the load window, so `--seed` replays the same schedule. Each fault ends by
// restoring what it broke; its record says when it struck and how long until it was back.
import type { Random } from '../simulate/mix';
import { restartComponent, type IsolatedStack } from './stack';
import type { Supervisor } from './supervisor';

export const KILLED_SERVICES = ['order-service', 'inventory-service', 'shipping-service', 'notification-service', 'analytics-service'] as const;

export type FaultKind =
  | { kind: 'kill'; app: string }
  | { kind: 'restart'; component: 'kafka' | 'postgres' }
  | { kind: 'stop'; app: 'mail-catcher'; windowMs: number }
  | { kind: 'outage'; app: 'payment-simulator' | 'carrier-simulator'; windowMs: number };

export interface ScheduledFault { at: number; fault: FaultKind }
export interface FaultRecord { label: string; offsetMs: number; startedAt: number; restoredAt?: number; error?: string }

export function faultLabel(fault: FaultKind): string {
  switch (fault.kind) {
    case 'kill': return `kill -9 ${fault.app}`;
    case 'restart': return `restart ${fault.component}`;
    case 'stop': return `stop ${fault.app} ${fault.windowMs / 1000}s`;
    case 'outage': return `outage ${fault.app} ${fault.windowMs / 1000}s`;
  }
}

/**
 * Every fault once, each at a random offset in [from, to] of the load (ms from its start), sorted.
 * Window faults are placed so their window also ends before `to` + a few seconds of load remain.
 */
export function scheduleFaults(random: Random, fromMs: number, toMs: number, windowMs: number): ScheduledFault[] {
  const faults: FaultKind[] = [
    ...KILLED_SERVICES.map((app): FaultKind => ({ kind: 'kill', app })),
    { kind: 'restart', component: 'kafka' },
    { kind: 'restart', component: 'postgres' },
    { kind: 'stop', app: 'mail-catcher', windowMs },
    { kind: 'outage', app: 'payment-simulator', windowMs },
    { kind: 'outage', app: 'carrier-simulator', windowMs },
  ];
  return faults
    .map((fault) => {
      const latest = fault.kind === 'stop' || fault.kind === 'outage' ? Math.max(fromMs, toMs - windowMs) : toMs;
      return { at: Math.round(fromMs + random() * (latest - fromMs)), fault };
    })
    .sort((a, b) => a.at - b.at);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** PUT /admin/faults, tried a few times: on a busy machine one call may time out. */
async function setOutage(stack: IsolatedStack, app: 'payment-simulator' | 'carrier-simulator', until: number | null): Promise<void> {
  const portKey = app === 'payment-simulator' ? 'PAYMENT_SIMULATOR_PORT' : 'CARRIER_SIMULATOR_PORT';
  let problem = '';
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      const response = await fetch(`http://127.0.0.1:${stack.env[portKey]}/admin/faults`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outageUntil: until }), signal: AbortSignal.timeout(15_000),
      });
      if (response.ok) return;
      problem = `answered ${response.status}`;
    } catch (error) {
      problem = (error as Error).message;
    }
  }
  throw new Error(`PUT /admin/faults on ${app}: ${problem}`);
}

/** Breaks one thing and puts it back; resolves when it is back (ready), or rejects with why not. */
async function inject(fault: FaultKind, stack: IsolatedStack, supervisor: Supervisor): Promise<void> {
  switch (fault.kind) {
    case 'kill':
      await supervisor.kill(fault.app, 'SIGKILL');
      await supervisor.start(fault.app);
      return;
    case 'restart':
      await restartComponent(stack, fault.component);
      return;
    case 'stop':
      await supervisor.kill(fault.app, 'SIGTERM');
      await sleep(fault.windowMs);
      await supervisor.start(fault.app);
      return;
    case 'outage':
      await setOutage(stack, fault.app, Date.now() + fault.windowMs);
      await sleep(fault.windowMs);
      // The simulator ends the outage by itself at that instant; clearing it makes the state explicit.
      await setOutage(stack, fault.app, null);
      return;
  }
}

/** Runs the schedule against the clock starting at `loadStartedAt`; faults may overlap, as real ones do. */
export async function runSchedule(schedule: ScheduledFault[], loadStartedAt: number, stack: IsolatedStack, supervisor: Supervisor, log: (line: string) => void): Promise<FaultRecord[]> {
  return Promise.all(schedule.map(async ({ at, fault }) => {
    await sleep(loadStartedAt + at - Date.now());
    const record: FaultRecord = { label: faultLabel(fault), offsetMs: at, startedAt: Date.now() };
    log(`fault  +${(at / 1000).toFixed(1)}s  ${record.label}`);
    try {
      await inject(fault, stack, supervisor);
      record.restoredAt = Date.now();
      log(`fault  ${record.label}: restored after ${((record.restoredAt - record.startedAt) / 1000).toFixed(1)}s`);
    } catch (error) {
      record.error = (error as Error).message;
      log(`fault  ${record.label}: FAILED to restore: ${record.error}`);
    }
    return record;
  }));
}
