import { forEachConcurrently } from './concurrency';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('forEachConcurrently', () => {
  it('handles every item with never more than the limit in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await tick();
      done.push(n);
      inFlight -= 1;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('finishes the other items when one fails, then reports the failure', async () => {
    const done: number[] = [];
    await expect(
      forEachConcurrently([1, 2, 3], 2, async (n) => {
        await tick();
        if (n === 1) throw new Error('one failed');
        done.push(n);
      }),
    ).rejects.toThrow('one failed');
    expect(done.sort()).toEqual([2, 3]);
  });

  it('does nothing for no items', async () => {
    await expect(
      forEachConcurrently([], 4, async () => {
        throw new Error('never');
      }),
    ).resolves.toBeUndefined();
  });
});
