// The faults of one run and when they strike: every kind once, at a moment drawn from the seeded
// random source inside the load window, so `--seed` replays the same schedule. Each fault ends by
// restoring what it broke; its record says when it struck and how long until it was back.
// Availability faults kill, restart or cut off a component; race faults (race-faults.ts) make a
// dependency slow or odd while customers cancel the orders waiting on it.
import type { Random } from '../simulate/mix';
import { carrierTimeoutThenOutage, cancelCaught, knobWindow, type FaultContext } from './race-faults';
import { SERVICES, type Topology } from '../../infrastructure/native/topology';
import { killBroker, restartComponent, startMissingBrokers } from './stack';
import { CARRIER_TIMEOUT_MS, SMTP_TIMEOUT_MS } from './app-specs';

/** Under the order service's payment timeout: calls succeed, only late, so the cancels race them. */
export const PAYMENT_LATENCY_MS = 1_500;
/** Beyond the shipping service's carrier timeout: bookings happen after the client gave up on them. */
export const CARRIER_LATENCY_MS = CARRIER_TIMEOUT_MS + 2_000;
/**
 * A slow mail server that still answers within the client's wait: each 250 comes 4 s after the message.
 * (The old sender's breaker gave up on such sends while the conversation went on, so every quick retry
 * delivered a copy.) A server slower than the client's timeouts keeps messages whose 250 the client never
 * sees; those resend by design (SMTP's at-least-once, same Message-ID), so that is not what this fault asks.
 */
export const SMTP_ACCEPT_DELAY_MS = SMTP_TIMEOUT_MS - 1_000;
export const CARRIER_CHAOS = { skipRate: 0.3, duplicateRate: 0.3, reorderCallbacks: true } as const;

export type FaultKind =
  | { kind: 'kill'; app: string }
  | { kind: 'restart'; component: 'kafka' | 'postgres' }
  | { kind: 'kill-broker'; node: number; windowMs: number }
  | { kind: 'add-instance'; app: string }
  | { kind: 'stop'; app: 'mail-catcher'; windowMs: number }
  | { kind: 'outage'; app: 'payment-simulator' | 'carrier-simulator'; windowMs: number }
  | { kind: 'payment-latency'; windowMs: number }
  | { kind: 'carrier-chaos'; windowMs: number }
  | { kind: 'carrier-timeout-outage'; windowMs: number }
  | { kind: 'smtp-slow'; windowMs: number }
  | { kind: 'carrier-fractional'; windowMs: number };

export interface ScheduledFault {
  at: number;
  fault: FaultKind;
}
/** `detail`: what a race fault did besides its knobs (the cancels it aimed, and their answers). */
export interface FaultRecord {
  label: string;
  offsetMs: number;
  startedAt: number;
  restoredAt?: number;
  error?: string;
  detail?: string;
}

export function faultLabel(fault: FaultKind): string {
  const s = 'windowMs' in fault ? `${fault.windowMs / 1000}s` : '';
  switch (fault.kind) {
    case 'kill':
      return `kill -9 ${fault.app}`;
    case 'restart':
      return `restart ${fault.component}`;
    case 'kill-broker':
      return `kill -9 kafka-${fault.node}, restarted after ${s}`;
    case 'add-instance':
      return `add ${fault.app} (consumer-group rebalance)`;
    case 'stop':
      return `stop ${fault.app} ${s}`;
    case 'outage':
      return `outage ${fault.app} ${s}`;
    case 'payment-latency':
      return `race: payment latency ${PAYMENT_LATENCY_MS}ms ${s}, cancels of PAYING orders`;
    case 'carrier-chaos':
      return `race: carrier skips ${CARRIER_CHAOS.skipRate}, duplicates ${CARRIER_CHAOS.duplicateRate}, reorders statuses ${s}`;
    case 'carrier-timeout-outage':
      return `race: carrier latency ${CARRIER_LATENCY_MS}ms > timeout ${CARRIER_TIMEOUT_MS}ms, then outage, ${s}, cancels of CONFIRMED/SCHEDULING orders`;
    case 'smtp-slow':
      return `race: SMTP answers 250 after ${SMTP_ACCEPT_DELAY_MS}ms (client timeout ${SMTP_TIMEOUT_MS}ms) ${s}`;
    case 'carrier-fractional':
      return `race: carrier fractional estimates (Avro refuses) ${s}`;
  }
}

/**
 * The label of every scheduled fault with 30 s windows (the default `--window`), sorted. Written out rather
 * than computed, so the tests that expect them check faultLabel against what an operator reads in a report.
 */
export const FAULT_LABELS_30S: readonly string[] = [
  'kill -9 analytics-service',
  'kill -9 inventory-service',
  'kill -9 notification-service',
  'kill -9 order-service',
  'kill -9 shipping-service',
  'outage carrier-simulator 30s',
  'outage payment-simulator 30s',
  'race: SMTP answers 250 after 4000ms (client timeout 5000ms) 30s',
  'race: carrier fractional estimates (Avro refuses) 30s',
  'race: carrier latency 5000ms > timeout 3000ms, then outage, 30s, cancels of CONFIRMED/SCHEDULING orders',
  'race: carrier skips 0.3, duplicates 0.3, reorders statuses 30s',
  'race: payment latency 1500ms 30s, cancels of PAYING orders',
  'restart kafka',
  'restart postgres',
  'stop mail-catcher 30s',
];

/**
 * What a scale-out run (`--brokers 3 --replicas 2`) strikes instead of, and besides, the labels above: a broker
 * killed instead of Kafka restarted, and a third order-service instance joining. Its kills of `order-service` and
 * the others hit instance 1 of two, so the other instance serves meanwhile.
 */
export const SCALE_OUT_LABELS_30S: readonly string[] = [
  ...FAULT_LABELS_30S.filter((label) => label !== 'restart kafka'),
  'kill -9 kafka-2, restarted after 30s',
  'add order-service-3 (consumer-group rebalance)',
].sort();

/** Kafka's fault: a single node is restarted; in a cluster one broker dies (kill -9) and comes back after the window. */
function kafkaFault(windowMs: number, brokers: number): FaultKind {
  return brokers > 1 ? { kind: 'kill-broker', node: 2, windowMs } : { kind: 'restart', component: 'kafka' };
}

/** Every kind once; window faults last `windowMs`. */
export function faultKinds(
  windowMs: number,
  { brokers, replicas }: Topology = { brokers: 1, replicas: 1 },
): FaultKind[] {
  return [
    // One kill -9 per service (instance 1 of each, in a scale-out run).
    ...SERVICES.map((app): FaultKind => ({ kind: 'kill', app })),
    kafkaFault(windowMs, brokers),
    { kind: 'restart', component: 'postgres' },
    { kind: 'stop', app: 'mail-catcher', windowMs },
    { kind: 'outage', app: 'payment-simulator', windowMs },
    { kind: 'outage', app: 'carrier-simulator', windowMs },
    // Appended after the availability faults, so a seed draws the same moments for those as before.
    { kind: 'payment-latency', windowMs },
    { kind: 'carrier-chaos', windowMs },
    { kind: 'carrier-timeout-outage', windowMs },
    { kind: 'smtp-slow', windowMs },
    { kind: 'carrier-fractional', windowMs },
    // Last, so the seed draws the same moments for every other fault as in a single-instance run.
    ...(replicas > 1 ? [{ kind: 'add-instance', app: `order-service-${replicas + 1}` } as const] : []),
  ];
}

/**
 * Every fault once, each at a random offset in [from, to] of the load (ms from its start), sorted.
 * Window faults are placed so their window also ends before `to` + a few seconds of load remain.
 */
export function scheduleFaults(
  random: Random,
  fromMs: number,
  toMs: number,
  windowMs: number,
  shape?: Topology,
): ScheduledFault[] {
  return faultKinds(windowMs, shape)
    .map((fault) => {
      const latest = 'windowMs' in fault ? Math.max(fromMs, toMs - fault.windowMs) : toMs;
      return { at: Math.round(fromMs + random() * (latest - fromMs)), fault };
    })
    .sort((a, b) => a.at - b.at);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Breaks one thing and puts it back; resolves when it is back (with what it did), or rejects with why not. */
async function inject(fault: FaultKind, label: string, ctx: FaultContext): Promise<string | undefined> {
  switch (fault.kind) {
    case 'kill':
      await ctx.supervisor.kill(fault.app, 'SIGKILL');
      await ctx.supervisor.start(fault.app);
      return undefined;
    case 'restart':
      await restartComponent(ctx.stack, fault.component);
      return undefined;
    case 'kill-broker':
      await killBroker(ctx.stack, fault.node);
      await sleep(fault.windowMs);
      await startMissingBrokers(ctx.stack);
      return undefined;
    case 'add-instance':
      await ctx.supervisor.start(fault.app);
      return undefined;
    case 'stop':
      // A race fault striking the catcher while it is down gets its knobs once the catcher is back.
      ctx.knobs.pause(fault.app);
      await ctx.supervisor.kill(fault.app, 'SIGTERM');
      await sleep(fault.windowMs);
      await ctx.supervisor.start(fault.app);
      await ctx.knobs.resume(fault.app);
      return undefined;
    case 'outage':
      return knobWindow(ctx, fault.app, label, { outageUntil: Date.now() + fault.windowMs }, fault.windowMs);
    case 'payment-latency':
      return knobWindow(ctx, 'payment-simulator', label, { latencyMs: PAYMENT_LATENCY_MS }, fault.windowMs, () =>
        cancelCaught(ctx, ['PAYING'], Date.now() + fault.windowMs),
      );
    case 'carrier-chaos':
      return knobWindow(ctx, 'carrier-simulator', label, { ...CARRIER_CHAOS }, fault.windowMs);
    case 'carrier-timeout-outage':
      return carrierTimeoutThenOutage(ctx, label, CARRIER_LATENCY_MS, fault.windowMs);
    case 'smtp-slow':
      return knobWindow(ctx, 'mail-catcher', label, { acceptDelayMs: SMTP_ACCEPT_DELAY_MS }, fault.windowMs);
    case 'carrier-fractional':
      return knobWindow(ctx, 'carrier-simulator', label, { fractionalEstimate: true }, fault.windowMs);
  }
}

/** Runs the schedule against the clock starting at `loadStartedAt`; faults may overlap, as real ones do. */
export async function runSchedule(
  schedule: ScheduledFault[],
  loadStartedAt: number,
  ctx: FaultContext,
  log: (line: string) => void,
): Promise<FaultRecord[]> {
  return Promise.all(
    schedule.map(async ({ at, fault }) => {
      await sleep(loadStartedAt + at - Date.now());
      const record: FaultRecord = { label: faultLabel(fault), offsetMs: at, startedAt: Date.now() };
      log(`fault  +${(at / 1000).toFixed(1)}s  ${record.label}`);
      try {
        const detail = await inject(fault, record.label, ctx);
        if (detail) record.detail = detail;
        record.restoredAt = Date.now();
        log(
          `fault  ${record.label}: restored after ${((record.restoredAt - record.startedAt) / 1000).toFixed(1)}s${detail ? `; ${detail}` : ''}`,
        );
      } catch (error) {
        record.error = (error as Error).message;
        log(`fault  ${record.label}: FAILED to restore: ${record.error}`);
      }
      return record;
    }),
  );
}
