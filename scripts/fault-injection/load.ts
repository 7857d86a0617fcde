// The load that flows while faults are injected: the order simulator's realistic mix and customers
// (scripts/simulate), sent open loop at a fixed rate. Unlike the simulator, a POST that gets no
// answer or a 5xx is retried with the SAME Idempotency-Key until it is accepted, as a real client
// would: the run needs its full count of orders, and a retry must never make a second order.
import { randomUUID } from 'node:crypto';
import { Shelf, totalOf } from '../simulate/basket';
import { cancelOrder, loadCatalogue, readOrder, type Answer } from '../simulate/client';
import { linesFor } from '../simulate/run';
import { fakeCustomer, pickScenario, type Random, type Scenario } from '../simulate/mix';

/** The next order-service instance to ask (round-robin over every instance, so a dead one costs one retry). */
export type OrderUrl = () => string;

export interface LoadOptions {
  orders: number;
  rate: number;
  orderUrl: OrderUrl;
  inventoryUrl: string;
}
export interface PlacedOrder {
  orderId: string;
  scenario: Scenario;
  status: string;
  terminal: boolean;
  cancelAnswer?: number;
}

export interface LoadState {
  placed: PlacedOrder[];
  /** Orders whose POST never got a 201 (a 4xx, or retries ran out). */
  failed: Array<{ sequence: number; status: number; body: unknown }>;
  retries: number;
  sendingDone: boolean;
}

/** A restarting order service may be gone a while on a busy machine; after this a POST is given up. */
const POST_RETRY_BUDGET_MS = 120_000;
/** POSTs in flight at once: while the order service is down, retries must not turn into a storm. */
const MAX_IN_FLIGHT = 24;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const retriable = (status: number) => status === 0 || status === 429 || status >= 500;

/** The simulator's 10 s client timeout is too short for a busy machine: a POST may wait for a restarted service. */
const POST_TIMEOUT_MS = 30_000;

async function postOrder(url: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  // The abort signal is the real limit; the race is a backstop so one stuck socket cannot hold a gate slot forever.
  const backstop = new Promise<Answer>((resolve) =>
    setTimeout(() => resolve({ status: 0, body: 'stuck' }), POST_TIMEOUT_MS + 5_000).unref(),
  );
  return Promise.race([attemptPost(url, body, headers), backstop]);
}

async function attemptPost(url: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch {
      return { status: response.status, body: text };
    }
  } catch (error) {
    return { status: 0, body: (error as Error).name };
  }
}

/** A counting semaphore: at most `limit` calls run, the rest wait their turn in order. */
class Gate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    // A released slot is handed straight to the next waiter, so a newcomer cannot jump the queue.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

const gate = new Gate(MAX_IN_FLIGHT);

async function placeWithRetries(
  sequence: number,
  options: LoadOptions,
  shelf: Shelf,
  random: Random,
  state: LoadState,
): Promise<void> {
  const scenario = pickScenario('realistic', random);
  const customerInfo = fakeCustomer(scenario, random, sequence);
  const orderItems = await linesFor(scenario, shelf, random, options.inventoryUrl);
  const headers = { 'Idempotency-Key': randomUUID(), 'X-Correlation-ID': `faults-${sequence}` };
  const body = { customerInfo, orderItems, totalAmount: totalOf(orderItems) };
  const giveUpAt = Date.now() + POST_RETRY_BUDGET_MS;
  for (let attempt = 1; ; attempt += 1) {
    const answer = await gate.run(() => postOrder(`${options.orderUrl()}/api/v1/orders`, body, headers));
    if (answer.status === 201 || answer.status === 200) {
      state.placed.push({
        orderId: (answer.body as { orderId: string }).orderId,
        scenario,
        status: 'NEW',
        terminal: false,
      });
      return;
    }
    if (!retriable(answer.status) || Date.now() > giveUpAt) {
      state.failed.push({ sequence, status: answer.status, body: answer.body });
      return;
    }
    state.retries += 1;
    await sleep(Math.min(5_000, 500 * 2 ** Math.min(attempt, 4)));
  }
}

/** Sends `orders` orders at `rate` per second; resolves when every POST has its final answer. */
export async function sendLoad(options: LoadOptions, random: Random, state: LoadState): Promise<void> {
  const shelf = new Shelf(await loadCatalogue(options.inventoryUrl));
  const startedAt = Date.now();
  const requests: Array<Promise<void>> = [];
  for (let i = 0; i < options.orders; i += 1) {
    await sleep(startedAt + (i * 1000) / options.rate - Date.now());
    requests.push(placeWithRetries(i + 1, options, shelf, random, state));
  }
  await Promise.all(requests);
  state.sendingDone = true;
}

/** One sweep over the open orders: records terminal ones, and cancels the HOLD orders once CONFIRMED. */
export async function followOnce(orderUrl: OrderUrl, state: LoadState, concurrency = 8): Promise<void> {
  const open = state.placed.filter((o) => !o.terminal);
  for (let i = 0; i < open.length; i += concurrency) {
    await Promise.all(
      open.slice(i, i + concurrency).map(async (order) => {
        const read = await readOrder(orderUrl(), order.orderId);
        if (!read) return;
        order.status = read.status;
        order.terminal = read.status === 'DELIVERED' || read.status === 'CANCELLED';
        const cancelOwed = order.scenario === 'customerCancel' && read.status === 'CONFIRMED';
        if (cancelOwed && (order.cancelAnswer === undefined || retriable(order.cancelAnswer))) {
          order.cancelAnswer = await cancelOrder(orderUrl(), order.orderId);
        }
      }),
    );
  }
}

export function newLoadState(): LoadState {
  return { placed: [], failed: [], retries: 0, sendingDone: false };
}
