import { loadOrderServiceConfig, orderServiceEnv } from '../config';

describe('order rate-limit configuration', () => {
  it('defaults to a generous limit', () => {
    const config = loadOrderServiceConfig({});
    expect([config.ORDER_RATE_LIMIT_PER_SECOND, config.ORDER_RATE_LIMIT_BURST]).toEqual([100, 200]);
  });

  it('accepts 0, which turns the limit off for benchmarks', () => {
    expect(loadOrderServiceConfig({ ORDER_RATE_LIMIT_PER_SECOND: '0' }).ORDER_RATE_LIMIT_PER_SECOND).toBe(0);
  });

  it.each([['-1'], ['1.5'], ['fast']])('rejects %j with a message naming the variable', (value) => {
    expect(() => loadOrderServiceConfig({ ORDER_RATE_LIMIT_PER_SECOND: value })).toThrow(
      'ORDER_RATE_LIMIT_PER_SECOND: must be a whole number (0 turns the limit off)',
    );
  });

  // Issue 17: the buckets live in each instance's memory, so N instances accept N times the rate.
  // Whoever sets the variable must read that (.env.example is generated from these descriptions).
  it.each([['ORDER_RATE_LIMIT_PER_SECOND'], ['ORDER_RATE_LIMIT_BURST']] as const)(
    '%s is described as a limit per instance',
    (name) => {
      expect(orderServiceEnv.in.shape[name].description).toMatch(/per instance/);
    },
  );

  it('refuses a zero burst, which would refuse every order', () => {
    expect(() => loadOrderServiceConfig({ ORDER_RATE_LIMIT_BURST: '0' })).toThrow(
      'ORDER_RATE_LIMIT_BURST: must be a positive integer',
    );
  });
});
