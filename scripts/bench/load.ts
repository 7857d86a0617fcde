// The two load generators. Closed loop: N workers, each places an order and waits for its saga to
// end before placing the next, so the offered load adapts to what the system completes. Open loop:
// orders at a fixed rate from RateSchedule whatever the system does, so queues show up as latency.
import { RateSchedule, type ScheduleStats } from './schedule';

export interface PostOutcome {
  orderId: string | null;
  status: number;
}

/** Places one order; records its own timings. Never throws (network errors come back as status 0). */
export type PlaceOrder = (index: number) => Promise<PostOutcome>;
/** Resolves when the order's saga ended, or after the timeout. */
export type AwaitTerminal = (orderId: string, timeoutMs: number) => Promise<void>;

export interface LoadResult {
  elapsedMs: number;
  schedule?: ScheduleStats;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function closedLoop(
  workers: number,
  durationMs: number,
  place: PlaceOrder,
  awaitTerminal: AwaitTerminal,
  sagaTimeoutMs: number,
): Promise<LoadResult> {
  const start = Date.now();
  const endAt = start + durationMs;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (Date.now() < endAt) {
      const outcome = await place(next++);
      if (outcome.orderId) await awaitTerminal(outcome.orderId, sagaTimeoutMs);
      // A refused or failed POST is not retried at once: back off a little so a 429 storm is measured, not amplified.
      else await sleep(20);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return { elapsedMs: Date.now() - start };
}

export async function openLoop(ratePerSecond: number, durationMs: number, place: PlaceOrder): Promise<LoadResult> {
  const start = Date.now();
  const schedule = new RateSchedule(start, ratePerSecond, durationMs);
  const inFlight: Array<Promise<PostOutcome>> = [];
  for (;;) {
    for (const index of schedule.takeDue(Date.now())) inFlight.push(place(index));
    const wait = schedule.waitFrom(Date.now());
    if (wait === null) break;
    await sleep(wait);
  }
  const sendingMs = Date.now() - start;
  await Promise.all(inFlight);
  return { elapsedMs: Math.max(sendingMs, durationMs), schedule: schedule.stats() };
}
