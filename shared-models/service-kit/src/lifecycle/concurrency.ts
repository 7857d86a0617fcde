/**
 * Runs `work` for every item with at most `limit` in flight at once. Workers claim a batch of due rows
 * and each row's work opens a database transaction: running a whole batch at once exhausts the pool
 * (Prisma then fails with "unable to start a transaction in the given time") exactly when a backlog
 * is being caught up, e.g. after a restart. Rejections are collected so one failure never strands the rest.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item).catch((error: unknown) => {
        failures.push(error);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} of ${items.length} items failed`);
}
