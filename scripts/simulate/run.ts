// The load run: orders start on a fixed schedule (open loop, rate × duration of them at most) while a
// follower reads every accepted order until it is DELIVERED or CANCELLED, cancelling the HOLD ones
// once CONFIRMED. Bounded in time: sending stops at the duration, following at the settle timeout.
// Every request to the order service goes to the next instance in turn, so an order placed on one
// instance is read and cancelled through the others, as behind a load balancer.
import { roundRobin } from '../lib/order-urls';
import type { SimulationOptions } from './args';
import { MAX_QUANTITY, Shelf, totalOf, type OrderLine } from './basket';
import { cancelOrder, onHandNow, loadCatalogue, placeOrder, readOrder } from './client';
import { fakeCustomer, pickScenario, type Random, type Scenario } from './mix';

/** Beyond this many unanswered POSTs the simulator skips a beat rather than pile up sockets. */
const MAX_OUTSTANDING_REQUESTS = 500;
const FOLLOW_CONCURRENCY = 8;
const FOLLOW_PAUSE_MS = 300;

export interface TrackedOrder {
  orderId: string;
  scenario: Scenario;
  status: string;
  reason?: string;
  cancelAnswer?: number;
  finished: boolean;
}

export interface RunState {
  sent: number;
  skipped: number;
  outstanding: number;
  rejected: Map<string, number>;
  orders: TrackedOrder[];
  startedAt: number;
}

export const accepted = (state: RunState) => state.orders.length;
export const unfinished = (state: RunState) => state.orders.filter((o) => !o.finished).length;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * An out-of-stock order asks for one more than the warehouse holds at all. Not "one more than is available":
 * a cancelled order's hold released between the look and the reservation would make that fit (seen in CI).
 * Without an answer it asks for the most the order API accepts.
 */
export async function linesFor(
  scenario: Scenario,
  shelf: Shelf,
  random: Random,
  inventoryUrl: string,
): Promise<OrderLine[]> {
  if (scenario !== 'outOfStock') return shelf.happyBasket(random);
  const product = shelf.anyProduct(random);
  const onHand = await onHandNow(inventoryUrl, product.productId);
  return [shelf.line(product, onHand === undefined ? MAX_QUANTITY : onHand + 1)];
}

/** What one run's requests share. */
interface RunContext {
  options: SimulationOptions;
  shelf: Shelf;
  random: Random;
  state: RunState;
  /** the order-service instance for the next request */
  orderUrl: () => string;
}

async function sendOne(sequence: number, ctx: RunContext): Promise<void> {
  const { options, random, state } = ctx;
  const scenario = pickScenario(options.mix, random);
  const customer = fakeCustomer(scenario, random, sequence);
  const lines = await linesFor(scenario, ctx.shelf, random, options.inventoryUrl);
  const answer = await placeOrder(ctx.orderUrl(), customer, lines, totalOf(lines), `sim-${options.seed}-${sequence}`);
  if (answer.status === 201) {
    state.orders.push({
      orderId: (answer.body as { orderId: string }).orderId,
      scenario,
      status: 'RESERVING',
      finished: false,
    });
  } else {
    const key = answer.status === 0 ? String(answer.body) : String(answer.status);
    state.rejected.set(key, (state.rejected.get(key) ?? 0) + 1);
  }
}

async function sendAll(ctx: RunContext): Promise<void> {
  const { options, state } = ctx;
  const total = Math.max(1, Math.floor(options.rate * options.durationS));
  const stopAt = state.startedAt + options.durationS * 1000;
  const requests: Array<Promise<void>> = [];
  for (let i = 0; i < total && Date.now() < stopAt; i += 1) {
    await sleep(state.startedAt + (i * 1000) / options.rate - Date.now());
    if (state.outstanding >= MAX_OUTSTANDING_REQUESTS) {
      state.skipped += 1;
      continue;
    }
    state.sent += 1;
    state.outstanding += 1;
    requests.push(
      sendOne(i + 1, ctx).finally(() => {
        state.outstanding -= 1;
      }),
    );
  }
  await Promise.all(requests);
}

async function followOne(order: TrackedOrder, orderUrl: () => string): Promise<void> {
  const read = await readOrder(orderUrl(), order.orderId);
  if (!read) return;
  order.status = read.status;
  if (read.status === 'DELIVERED' || read.status === 'CANCELLED') {
    order.finished = true;
    order.reason = read.reason;
  } else if (order.scenario === 'customerCancel' && read.status === 'CONFIRMED' && !order.cancelAnswer) {
    order.cancelAnswer = await cancelOrder(orderUrl(), order.orderId);
  }
}

/** Sweeps the unfinished orders a few at a time until none is left, sending is over, or time is up. */
async function followAll(ctx: RunContext, sending: { done: boolean; endedAt: number }): Promise<void> {
  const { options, state } = ctx;
  for (;;) {
    const open = state.orders.filter((o) => !o.finished);
    if (sending.done && (open.length === 0 || Date.now() > sending.endedAt + options.settleTimeoutS * 1000)) return;
    for (let i = 0; i < open.length; i += FOLLOW_CONCURRENCY) {
      await Promise.all(open.slice(i, i + FOLLOW_CONCURRENCY).map((o) => followOne(o, ctx.orderUrl)));
    }
    await sleep(FOLLOW_PAUSE_MS);
  }
}

/** Runs the whole simulation; `state` is shared with the caller, which draws the progress line from it. */
export async function simulate(
  options: SimulationOptions,
  random: Random,
  state: RunState = newRunState(),
): Promise<RunState> {
  const shelf = new Shelf(await loadCatalogue(options.inventoryUrl));
  const ctx: RunContext = { options, shelf, random, state, orderUrl: roundRobin(options.orderUrls) };
  state.startedAt = Date.now();
  const sending = { done: false, endedAt: 0 };
  const follower = followAll(ctx, sending);
  await sendAll(ctx).finally(() => {
    sending.done = true;
    sending.endedAt = Date.now();
  });
  await follower;
  return state;
}

export function newRunState(): RunState {
  return { sent: 0, skipped: 0, outstanding: 0, rejected: new Map(), orders: [], startedAt: Date.now() };
}
