// Faults aimed at races rather than at availability: a dependency that answers slowly or oddly while
// the saga moves on, and customers cancelling exactly the orders caught waiting on it. Each one sets
// its simulator knobs for a window and clears them again; the cancels go out during the window.
import type { Db } from '../lib/system-snapshot';
import { cancelOrder } from '../simulate/client';
import type { Knobs, Simulator, SimulatorKnobs } from './knobs';
import type { OrderUrl } from './load';
import type { IsolatedStack } from './stack';
import type { Supervisor } from './supervisor';

/** What a fault needs to strike: the stack, its processes, the simulators' knobs and the order data. */
export interface FaultContext {
  stack: IsolatedStack;
  supervisor: Supervisor;
  knobs: SimulatorKnobs;
  /** Its own small pool: the race faults read order statuses at the same time as each other. */
  db: Db;
  orderUrl: OrderUrl;
}

/** Aimed cancels per fault, and per look at the orders: enough to race, few enough to leave the mix mostly intact. */
const MAX_AIMED_CANCELS = 12;
const CANCELS_PER_SWEEP = 2;
const SWEEP_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function ordersIn(
  ctx: FaultContext,
  statuses: readonly string[],
): Promise<Array<{ order_id: string; status: string }>> {
  const { rows } = await ctx.db.query<{ order_id: string; status: string }>(
    'SELECT order_id::text AS order_id, status FROM order_service.orders WHERE status = ANY($1::text[]) ORDER BY updated_at DESC LIMIT 20',
    [statuses],
  );
  return rows;
}

/**
 * Until `until`, cancels orders the order service shows in one of `statuses` (read from its table,
 * so the cancel lands while the order waits on the slow dependency). Returns what happened, for the report.
 */
export async function cancelCaught(ctx: FaultContext, statuses: readonly string[], until: number): Promise<string> {
  const tried = new Set<string>();
  const answers = new Map<string, number>();
  while (Date.now() < until && tried.size < MAX_AIMED_CANCELS) {
    try {
      const caught = (await ordersIn(ctx, statuses)).filter((o) => !tried.has(o.order_id)).slice(0, CANCELS_PER_SWEEP);
      await Promise.all(
        caught.map(async ({ order_id: orderId, status }) => {
          tried.add(orderId);
          const key = `${status} ${await cancelOrder(ctx.orderUrl(), orderId)}`;
          answers.set(key, (answers.get(key) ?? 0) + 1);
        }),
      );
    } catch {
      // Postgres or the order service restarting under another fault: look again at the next sweep.
    }
    await sleep(SWEEP_MS);
  }
  const summary = [...answers].map(([key, n]) => `${key}×${n}`).join(', ');
  return `${tried.size} cancels of ${statuses.join('/')} orders${summary ? ` (status answer×n: ${summary})` : ''}`;
}

/** Sets the knobs for `windowMs`, running `during` alongside, then clears them; resolves to what `during` reported. */
export async function knobWindow(
  ctx: FaultContext,
  simulator: Simulator,
  owner: string,
  knobs: Knobs,
  windowMs: number,
  during?: () => Promise<string>,
): Promise<string | undefined> {
  await ctx.knobs.set(simulator, owner, knobs);
  try {
    const [detail] = await Promise.all([during?.(), sleep(windowMs)]);
    return detail;
  } finally {
    await ctx.knobs.set(simulator, owner, null);
  }
}

/**
 * The carrier answers after the shipping service stopped waiting (a booking may exist that shipping
 * does not know of), then goes down altogether; customers cancel orders that wait on it meanwhile.
 */
export async function carrierTimeoutThenOutage(
  ctx: FaultContext,
  owner: string,
  latencyMs: number,
  windowMs: number,
): Promise<string> {
  const until = Date.now() + windowMs;
  const cancels = cancelCaught(ctx, ['CONFIRMED', 'SCHEDULING'], until);
  try {
    await ctx.knobs.set('carrier-simulator', owner, { latencyMs });
    await sleep(windowMs / 2);
    await ctx.knobs.set('carrier-simulator', owner, { outageUntil: until });
    await sleep(until - Date.now());
  } finally {
    await ctx.knobs.set('carrier-simulator', owner, null);
  }
  return cancels;
}
