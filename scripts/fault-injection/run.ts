// One fault-injection run from start to teardown: isolated stack up, apps started as OS processes,
// load flowing while the seeded fault schedule strikes, then quiescence and the invariant checks.
// Teardown (apps, then the stack) happens whatever failed on the way.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { seededRandom } from '../simulate/mix';
import { roundRobin } from '../lib/order-urls';
import { serviceInstances, topology } from '../../infrastructure/native/topology';
import type { FaultOptions } from './args';
import { runChecks } from './checks';
import { runSchedule, scheduleFaults, faultLabel, type FaultRecord } from './faults';
import { SimulatorKnobs } from './knobs';
import { followOnce, newLoadState, sendLoad, type LoadState } from './load';
import { waitForQuiescence } from './quiescence';
import type { RunReport } from './report';
import { REPO_ROOT, httpUrl, migrate, prepareIsolatedStack, stackDown, stackUp, type IsolatedStack } from './stack';
import type { FaultContext } from './race-faults';
import { appSpecs } from './app-specs';
import { Supervisor, killLeftovers } from './supervisor';

const STACK_DIR = path.join(REPO_ROOT, '.local', 'fault-injection');
/** Faults strike between these fractions of the load, so load flows before, during and after them. */
const FAULTS_FROM = 0.1;
const FAULTS_TO = 0.85;
/** Extra waiting beyond the recovery budget, so a late system is still measured and checked. */
const EXTRA_WAIT_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stack an interrupted run left behind is stopped and its folder removed, so every run starts clean. */
async function cleanSlate(options: FaultOptions, log: (line: string) => void): Promise<IsolatedStack> {
  if (existsSync(STACK_DIR)) {
    const stale = {
      dir: STACK_DIR,
      envFile: path.join(STACK_DIR, 'stack.env'),
      env: {},
      logDir: path.join(STACK_DIR, 'logs'),
    };
    const killed = killLeftovers(stale);
    if (killed > 0) log(`killed ${killed} processes left by an earlier run`);
    if (existsSync(stale.envFile))
      await stackDown(stale).catch((error: Error) => log(`stopping the old stack: ${error.message}`));
    rmSync(STACK_DIR, { recursive: true, force: true });
  }
  return prepareIsolatedStack(options.basePort, STACK_DIR, { brokers: options.brokers, replicas: options.replicas });
}

function superuserConfig(stack: IsolatedStack) {
  return {
    host: stack.env.POSTGRES_HOST,
    port: Number(stack.env.POSTGRES_PORT),
    user: stack.env.POSTGRES_SUPERUSER,
    password: stack.env.POSTGRES_SUPERUSER_PASSWORD,
    database: stack.env.POSTGRES_DB,
  };
}

function superuserClient(stack: IsolatedStack): () => Promise<Client> {
  let client: Client | undefined;
  return async () => {
    if (client) return client;
    const fresh = new Client(superuserConfig(stack));
    // A Postgres restart breaks the connection: forget it, the next call connects again.
    fresh.on('error', () => {
      if (client === fresh) client = undefined;
    });
    await fresh.connect();
    client = fresh;
    return fresh;
  };
}

async function timed<T>(
  durations: Record<string, number>,
  phase: string,
  work: () => Promise<T>,
  log?: (line: string) => void,
): Promise<T> {
  const start = Date.now();
  try {
    return await work();
  } finally {
    durations[phase] = Date.now() - start;
    log?.(`${phase}: ${(durations[phase] / 1000).toFixed(1)}s`);
  }
}

/** Sends the load, follows it (cancelling the HOLD orders) and strikes the faults, all at once. */
async function loadUnderFaults(
  options: FaultOptions,
  ctx: FaultContext,
  state: LoadState,
  log: (line: string) => void,
): Promise<{ records: FaultRecord[]; lastOrderAt: number }> {
  const random = seededRandom(options.seed);
  const loadMs = (options.orders / options.rate) * 1000;
  const schedule = scheduleFaults(
    seededRandom(options.seed ^ 0x5eed),
    loadMs * FAULTS_FROM,
    loadMs * FAULTS_TO,
    options.windowS * 1000,
    options,
  );
  log(
    `load: ${options.orders} orders at ${options.rate}/s (~${Math.round(loadMs / 1000)}s); fault schedule (seed ${options.seed}):`,
  );
  for (const { at, fault } of schedule) log(`  +${(at / 1000).toFixed(1)}s  ${faultLabel(fault)}`);
  const orderUrl = ctx.orderUrl;
  const startedAt = Date.now();
  const sending = sendLoad(
    {
      orders: options.orders,
      rate: options.rate,
      orderUrl,
      inventoryUrl: httpUrl(ctx.stack, 'INVENTORY_SERVICE_PORT'),
    },
    random,
    state,
  );
  const faults = runSchedule(schedule, startedAt, ctx, log);
  const follower = (async () => {
    while (!state.sendingDone) {
      await followOnce(orderUrl, state);
      log(
        `load: ${state.placed.length} accepted, ${state.placed.filter((o) => o.terminal).length} terminal, ${state.retries} POST retries`,
      );
      await sleep(5_000);
    }
  })();
  const records = await faults;
  // Timed when the last POST is answered, not when the follower next wakes (up to 5 s later).
  const [lastOrderAt] = await Promise.all([sending.then(() => Date.now()), follower]);
  return { records, lastOrderAt };
}

/** The short hold TTL is a race fault for the whole run: listed with the others, in force before the first order (+0 s), never restored. */
function reservationTtlRecord(options: FaultOptions, appsStartedAt: number): FaultRecord {
  return {
    label: `race: reservation TTL ${options.reservationTtlS}s`,
    offsetMs: 0,
    startedAt: appsStartedAt,
    detail: `RESERVATION_TTL_MS of the run's inventory service from its start to teardown`,
  };
}

/** When the notification service was killed, by a fault or on its own: the only excuse for an email sent twice. */
function senderCrashes(faults: readonly FaultRecord[], supervisor: Supervisor): number[] {
  const notification = 'notification-service';
  return [
    ...faults.filter((f) => f.label === `kill -9 ${notification}`).map((f) => f.startedAt),
    ...supervisor.crashes.filter((c) => c.name === notification).map((c) => c.at),
  ];
}

async function checksAfterRun(
  options: FaultOptions,
  stack: IsolatedStack,
  state: LoadState,
  ordersTerminalAfterMs: number | null,
  runStartedAt: number,
  senderCrashes: number[],
) {
  const db = new Client(superuserConfig(stack));
  await db.connect();
  try {
    const sources = {
      paymentUrl: httpUrl(stack, 'PAYMENT_SIMULATOR_PORT'),
      carrierUrl: httpUrl(stack, 'CARRIER_SIMULATOR_PORT'),
      mailUrl: httpUrl(stack, 'MAIL_HTTP_PORT'),
      analyticsUrl: httpUrl(stack, 'ANALYTICS_SERVICE_PORT'),
    };
    const accepted = [...new Set(state.placed.map((o) => o.orderId))];
    return await runChecks({
      db,
      sources,
      accepted,
      ordersTerminalAfterMs,
      recoveryBudgetMs: options.recoveryS * 1000,
      runStartedAt,
      senderCrashes,
    });
  } finally {
    await db.end();
  }
}

export async function runFaultInjection(options: FaultOptions, log: (line: string) => void): Promise<RunReport> {
  const durations: Record<string, number> = {};
  const runStartedAt = Date.now();
  const stack = await timed(durations, 'clean', () => cleanSlate(options, log));
  const supervisor = new Supervisor(
    stack,
    appSpecs(stack, {
      carrierStepMs: options.carrierStepMs,
      reservationTtlMs: Math.round(options.reservationTtlS * 1000),
    }),
  );
  const db = superuserClient(stack);
  const faultDb = new Pool({ ...superuserConfig(stack), max: 2 });
  // A Postgres restart breaks its idle connections: the pool replaces them, the error must not end the run.
  faultDb.on('error', () => undefined);
  let tornDown: Promise<void> | undefined;
  const teardown = () =>
    (tornDown ??= timed(durations, 'teardown', async () => {
      await (await db().catch(() => undefined))?.end().catch(() => undefined);
      await faultDb.end().catch(() => undefined);
      await supervisor.stopAll();
      await stackDown(stack).catch((error: Error) => log(`teardown: ${error.message}`));
    }));
  // A killed run (test timeout, Ctrl-C) still stops every process and server it started.
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: tearing down`);
    void teardown().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
  try {
    const shape = topology(stack.env);
    log(
      `isolated stack in ${path.relative(REPO_ROOT, stack.dir)} (ports from ${options.basePort + 25}), ${shape.brokers} Kafka broker(s), ` +
        `${shape.replicas} instance(s) per service, logs in ${path.relative(REPO_ROOT, stack.logDir)}`,
    );
    await timed(durations, 'stack up', () => stackUp(stack), log);
    await timed(durations, 'migrations', () => migrate(stack), log);
    await timed(durations, 'apps up', () => supervisor.startAll(), log);
    const ttl = reservationTtlRecord(options, Date.now());
    const state = newLoadState();
    const ctx: FaultContext = {
      stack,
      supervisor,
      knobs: new SimulatorKnobs(stack),
      db: faultDb,
      // Every order-service instance in turn, as a client behind a round-robin balancer would (not the spare).
      orderUrl: roundRobin(serviceInstances(stack.env, 'order-service').map((instance) => instance.url)),
    };
    const load = await timed(durations, 'load + faults', () => loadUnderFaults(options, ctx, state, log));
    const scheduled = load.records;
    // Recovery counts from the end of the disturbance: the last fault restored, or the last order placed
    // if the load ran on longer (a fault drawn early must not charge the normal run time of later orders).
    const disturbanceEnded = Math.max(load.lastOrderAt, ...scheduled.map((f) => f.restoredAt ?? f.startedAt));
    const faults = [ttl, ...scheduled];
    const rest = await timed(durations, 'quiescence', () =>
      waitForQuiescence(db, ctx.orderUrl, state, disturbanceEnded + options.recoveryS * 1000 + EXTRA_WAIT_MS, log),
    );
    const after = (at: number | null) => (at === null ? null : Math.max(0, at - disturbanceEnded));
    const checks = await timed(durations, 'checks', () =>
      checksAfterRun(
        options,
        stack,
        state,
        after(rest.ordersTerminalAt),
        runStartedAt,
        senderCrashes(scheduled, supervisor),
      ),
    );
    return {
      seed: options.seed,
      ordersAccepted: new Set(state.placed.map((o) => o.orderId)).size,
      ordersFailed: state.failed.length,
      postRetries: state.retries,
      faults,
      crashes: supervisor.crashes.map((c) => ({
        name: c.name,
        offsetMs: c.at - runStartedAt,
        code: c.code,
        signal: c.signal,
      })),
      ordersTerminalAfterMs: after(rest.ordersTerminalAt),
      quiescentAfterMs: after(rest.at),
      checks,
      durationsMs: durations,
    };
  } finally {
    await teardown();
    process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
  }
}
