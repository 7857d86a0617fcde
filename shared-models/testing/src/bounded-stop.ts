/**
 * Runs one teardown step with a time limit. Fresh-clone CI runs twice saw a suite's teardown (an order
 * service's stop) exceed Jest's 120 s hook limit — cause not found yet. Naming the step that hung in the
 * log is the clue for whoever looks next, and moving on keeps the suites after it (same process, run in
 * band) from waiting. Production shutdown has its own 10 s budget and forced exit (installShutdown).
 */
export async function stopWithin(step: string, work: () => Promise<unknown>, limitMs = 25_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), limitMs);
  });
  const outcome = await Promise.race([work().catch(() => 'failed'), expired]).finally(() => clearTimeout(timer));
  if (outcome === 'expired') process.stderr.write(`teardown: ${step} did not finish within ${limitMs} ms\n`);
}

/**
 * Fails with the step's name when it takes longer than `limitMs`: a test that would otherwise hit Jest's
 * blanket timeout ("Exceeded timeout of 120000 ms") says instead which of its steps hung.
 */
export async function within<T>(step: string, limitMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${step} did not finish within ${limitMs} ms`)), limitMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
