import { BATCH_OVERHEAD, messageBytes, planBatch, type Candidate, type ParkedKey } from './outbox-batch';

// Rows are plain ids here: planBatch only orders, sizes and sorts them into "send" and "park".
const headers = { 'event-id': 'e', 'event-type': 'OrderPlaced' };

function row(id: number, key: string, valueBytes: number): Candidate<number> {
  return {
    row: id,
    id: BigInt(id),
    key,
    eventId: `evt-${id}`,
    encoded: { message: { key, value: Buffer.alloc(valueBytes), headers } },
  };
}

function unencodable(id: number, key: string): Candidate<number> {
  return {
    row: id,
    id: BigInt(id),
    key,
    eventId: `evt-${id}`,
    encoded: { verdict: { reason: 'unencodable', detail: 'bad field(s) estimatedDeliveryAt' } },
  };
}

const sizeOf = (valueBytes: number): number => messageBytes({ key: 'k1', value: Buffer.alloc(valueBytes), headers });
const none = new Map<string, ParkedKey>();

describe('messageBytes', () => {
  it('counts key, value, every header and a per-record allowance', () => {
    const bare = messageBytes({ key: '', value: Buffer.alloc(0), headers: {} });
    expect(messageBytes({ key: 'ab', value: Buffer.alloc(100), headers: {} })).toBe(bare + 102);
    expect(messageBytes({ key: '', value: Buffer.alloc(0), headers: { h: 'é' } })).toBeGreaterThan(bare + 3); // bytes, not characters
  });
});

describe('planBatch (byte-bounded relay batches)', () => {
  it('sends everything when the rows fit', () => {
    const plan = planBatch([row(1, 'k1', 100), row(2, 'k2', 100)], none, 10_000);
    expect(plan).toEqual({
      send: [expect.objectContaining({ row: 1 }), expect.objectContaining({ row: 2 })],
      park: [],
      cut: false,
    });
  });

  it('stops at the byte bound, keeping order, and leaves the rest for the next batch', () => {
    const limit = BATCH_OVERHEAD + 3 * sizeOf(1_000);
    const plan = planBatch(
      [1, 2, 3, 4, 5].map((id) => row(id, `k${id}`, 1_000)),
      none,
      limit,
    );
    expect(plan.send.map((s) => s.row)).toEqual([1, 2, 3]);
    expect(plan.park).toEqual([]);
    expect(plan.cut).toBe(true);
  });

  it('counts the bound in bytes, not rows: one large row fills a batch on its own', () => {
    const limit = BATCH_OVERHEAD + sizeOf(5_000);
    const plan = planBatch([row(1, 'k1', 5_000), row(2, 'k2', 10)], none, limit);
    expect(plan.send.map((s) => s.row)).toEqual([1]);
    expect(plan.cut).toBe(true);
  });

  it('parks a single row larger than the bound instead of sending it, and keeps going past it', () => {
    const plan = planBatch([row(1, 'k1', 10), row(2, 'k2', 50_000), row(3, 'k3', 10)], none, 20_000);
    expect(plan.send.map((s) => s.row)).toEqual([1, 3]);
    expect(plan.park).toEqual([
      {
        row: 2,
        verdict: { reason: 'too-large', detail: expect.stringMatching(/more than the 20000 one send may carry/) },
      },
    ]);
  });

  it('parks an unencodable row and every later row of its key in the batch, not the other keys', () => {
    const plan = planBatch([row(1, 'a', 10), unencodable(2, 'b'), row(3, 'a', 10), row(4, 'b', 10)], none, 10_000);
    expect(plan.send.map((s) => s.row)).toEqual([1, 3]);
    expect(plan.park).toEqual([
      { row: 2, verdict: { reason: 'unencodable', detail: 'bad field(s) estimatedDeliveryAt' } },
      { row: 4, verdict: { reason: 'blocked', detail: 'event evt-2 of the same key is parked' } },
    ]);
  });

  it('holds back rows of a key parked in an earlier batch, but not rows older than the parked one', () => {
    const parked = new Map<string, ParkedKey>([['b', { id: 5n, eventId: 'evt-5' }]]);
    const plan = planBatch([row(4, 'b', 10), row(6, 'b', 10), row(7, 'c', 10)], parked, 10_000);
    expect(plan.send.map((s) => s.row)).toEqual([4, 7]);
    expect(plan.park).toEqual([
      { row: 6, verdict: { reason: 'blocked', detail: 'event evt-5 of the same key is parked' } },
    ]);
  });

  it('decides parking only up to the cut: rows after it wait for the next batch untouched', () => {
    const limit = BATCH_OVERHEAD + sizeOf(1_000);
    const plan = planBatch([row(1, 'a', 1_000), row(2, 'b', 1_000), unencodable(3, 'c')], none, limit);
    expect(plan.send.map((s) => s.row)).toEqual([1]);
    expect(plan.park).toEqual([]);
    expect(plan.cut).toBe(true);
  });
});
