import { rateLimit, TokenBucketLimiter } from './rate-limit';
import { startTestApp, type TestApp } from '../testing/support';

function manualClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('TokenBucketLimiter', () => {
  it('allows a burst, then refuses with the whole seconds until the next token', () => {
    const clock = manualClock();
    const limiter = new TokenBucketLimiter({ ratePerSecond: 2, burst: 3, now: clock.now });
    const results = [1, 2, 3, 4].map(() => limiter.take('a'));
    expect(results.slice(0, 3).every((r) => r.allowed)).toBe(true);
    expect(results[3]).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the configured rate and never above the burst', () => {
    const clock = manualClock();
    const limiter = new TokenBucketLimiter({ ratePerSecond: 1, burst: 2, now: clock.now });
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('a').allowed).toBe(false);
    clock.advance(1000);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    clock.advance(60_000); // a long pause earns back the burst, not 60 tokens
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, false]);
  });

  it('rounds Retry-After up for slow rates', () => {
    const clock = manualClock();
    const limiter = new TokenBucketLimiter({ ratePerSecond: 0.25, burst: 1, now: clock.now });
    limiter.take('a');
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 4 });
    clock.advance(2500);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 2 });
  });

  it('keeps clients apart', () => {
    const limiter = new TokenBucketLimiter({ ratePerSecond: 1, burst: 1, now: manualClock().now });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('forgets idle clients once their bucket would be full again', () => {
    const clock = manualClock();
    const limiter = new TokenBucketLimiter({ ratePerSecond: 10, burst: 10, now: clock.now });
    for (let i = 0; i < 500; i += 1) limiter.take(`client-${i}`);
    expect(limiter.size).toBe(500);
    clock.advance(1000);
    limiter.take('newcomer');
    expect(limiter.size).toBe(1);
  });

  it('caps the number of tracked clients, dropping the least recently seen', () => {
    const clock = manualClock();
    const limiter = new TokenBucketLimiter({ ratePerSecond: 1, burst: 1, now: clock.now, maxClients: 3 });
    ['a', 'b', 'c'].forEach((c) => limiter.take(c));
    limiter.take('a'); // refused, but seen most recently
    limiter.take('d');
    expect(limiter.size).toBe(3);
    expect(limiter.take('a').allowed).toBe(false); // still remembered
    expect(limiter.take('b').allowed).toBe(true); // forgotten, so it starts with a full bucket
  });

  it('does not drain a bucket when the clock steps backwards', () => {
    const clock = manualClock();
    const limiter = new TokenBucketLimiter({ ratePerSecond: 1, burst: 2, now: clock.now });
    limiter.take('a');
    clock.advance(-5000);
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('rejects a configuration that would refuse everything', () => {
    expect(() => new TokenBucketLimiter({ ratePerSecond: 0, burst: 5 })).toThrow('ratePerSecond > 0');
    expect(() => new TokenBucketLimiter({ ratePerSecond: 5, burst: 0 })).toThrow('burst >= 1');
  });
});

describe('rateLimit middleware over HTTP', () => {
  let app: TestApp;
  const clock = manualClock();

  beforeAll(async () => {
    app = await startTestApp((a) => {
      a.post(
        '/limited',
        rateLimit({ ratePerSecond: 1, burst: 2, now: clock.now, operation: 'POST /limited' }),
        (_req, res) => {
          res.status(201).json({ ok: true });
        },
      );
      a.post('/off', rateLimit({ ratePerSecond: 0, burst: 1, operation: 'POST /off' }), (_req, res) => {
        res.status(201).json({ ok: true });
      });
    });
  });
  afterAll(() => app.close());

  const post = (path: string) =>
    fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

  it('answers 429 problem+json with an integer Retry-After naming the limit, then recovers', async () => {
    expect([(await post('/limited')).status, (await post('/limited')).status]).toEqual([201, 201]);
    const refused = await post('/limited');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await refused.json()) as { code: string; detail: string };
    expect(problem.code).toBe('RATE_LIMITED');
    expect(problem.detail).toBe(
      'Rate limit of 1 requests per second (burst 2) per client exceeded for POST /limited; retry after 1 s',
    );
    clock.advance(1000);
    expect((await post('/limited')).status).toBe(201);
  });

  it('passes everything through when the rate is 0', async () => {
    const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await post('/off')).status));
    expect(new Set(statuses)).toEqual(new Set([201]));
  });
});
