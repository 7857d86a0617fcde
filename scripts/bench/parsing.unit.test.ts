import { loadBenchConfig, parseRates } from './config';
import { parsePgbenchTps } from './pg-ceiling';
import { pgWork } from './pg-stats';
import { parseKb, parseStat } from './proc';
import { restockTarget } from './restock';
import { nextConcurrency, stillRising } from './search';
import { rateLimitFromEnviron, stepFromEnviron } from './environment';

describe('/proc parsing', () => {
  it('reads CPU ticks of a process whose name holds spaces and parentheses', () => {
    const stat = '4242 (node (tsx) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 11 0 1000 1000000 5000';
    expect(parseStat(stat)).toEqual({ comm: 'node (tsx) x', ppid: 1, ownTicks: 300, reapedChildTicks: 10 });
  });

  it('reads a kB line and gives 0 when it is missing', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(parseKb(status, 'VmRSS')).toBe(102400);
    expect(parseKb('Rss: 10 kB\nPss:  7 kB\n', 'Pss')).toBe(7);
    expect(parseKb(status, 'Pss')).toBe(0);
  });
});

describe('pgbench and Postgres counters', () => {
  it('takes the tps line of pgbench', () => {
    expect(
      parsePgbenchTps(
        'number of failed transactions: 0 (0.000%)\nlatency average = 1.2 ms\ntps = 812.345678 (without initial connection time)\n',
      ),
    ).toBe(812.3);
    expect(parsePgbenchTps('pgbench: error: connection failed')).toBeNull();
  });

  it('takes the idle commits off before dividing by the sagas', () => {
    const before = { xactCommit: 1_000, rowsWrittenBySchema: { order_service: 10 } };
    const after = { xactCommit: 3_100, rowsWrittenBySchema: { order_service: 510, inventory_service: 40 } };
    // 2,100 commits in 10 s with 10 commits/s idle: 2,000 for 100 sagas.
    expect(pgWork(before, after, 100, 10, 10)).toEqual({
      commits: 2_100,
      idleCommits: 100,
      commitsPerSaga: 20,
      grossCommitsPerSaga: 21,
      rowsWrittenPerSaga: { order_service: 5, inventory_service: 0.4 },
    });
    expect(pgWork(before, after, 0, 0, 10).commitsPerSaga).toBeNull();
  });
});

describe('max search steps', () => {
  it('grows the concurrency by the factor, at least by one', () => {
    expect(nextConcurrency(4, 2)).toBe(8);
    expect(nextConcurrency(1, 1.2)).toBe(2);
  });

  it('goes on while each step adds at least 5 % over the best before it', () => {
    expect(stillRising([10])).toBe(true);
    expect(stillRising([10, 20])).toBe(true);
    expect(stillRising([10, 20, 20.5])).toBe(false);
    expect(stillRising([10, 20, 15])).toBe(false);
  });
});

describe('command line and environment', () => {
  it('parses the options into a typed config with stack addresses', () => {
    const stack = {
      KAFKA_HOST: '127.0.0.1',
      KAFKA_PORT: '9092',
      KAFKA_CONTROLLER_PORT: '9093',
      ORDER_SERVICE_PORT: '8081',
    };
    const config = loadBenchConfig(
      ['--mode', 'open', '--rates', '20, 50', '--duration', '10', '--no-ceilings'],
      { ORDER_SERVICE_PORT: '9081' },
      stack,
    );
    expect(config).toMatchObject({
      mode: 'open',
      rates: [20, 50],
      durationS: 10,
      ceilings: false,
      requireInstant: false,
    });
    expect(config !== 'help' && config.endpoints.orderUrls).toEqual(['http://127.0.0.1:9081']);
    expect(parseRates('50,200,,1000')).toEqual([50, 200, 1000]);
  });

  it('places orders on every instance and reads every broker of a scaled-out topology', () => {
    const stack = {
      KAFKA_HOST: '127.0.0.1',
      KAFKA_PORT: '9092',
      KAFKA_CONTROLLER_PORT: '9093',
      KAFKA_BROKER_COUNT: '3',
      ORDER_SERVICE_PORT: '8081',
      SERVICE_REPLICAS: '2',
    };
    const config = loadBenchConfig([], {}, stack);
    expect(config !== 'help' && config.endpoints.orderUrls).toEqual(['http://127.0.0.1:8081', 'http://127.0.0.1:8181']);
    expect(config !== 'help' && config.endpoints.brokers).toEqual([
      '127.0.0.1:9092',
      '127.0.0.1:9094',
      '127.0.0.1:9096',
    ]);
    const explicit = loadBenchConfig([], { ORDER_URL: 'http://127.0.0.1:1,http://127.0.0.1:2/' }, stack);
    expect(explicit !== 'help' && explicit.endpoints.orderUrls).toEqual(['http://127.0.0.1:1', 'http://127.0.0.1:2']);
  });

  it('refuses an unknown mode and answers --help', () => {
    expect(() => loadBenchConfig(['--mode', 'fast'], {})).toThrow();
    expect(loadBenchConfig(['--help'], {})).toBe('help');
  });

  it('reads the carrier step from a process environment, defaulting to 1000 ms', () => {
    expect(stepFromEnviron('PATH=/bin\0CARRIER_STEP_MS=0\0')).toBe(0);
    expect(stepFromEnviron('CARRIER_STEP_MS=250\0')).toBe(250);
    expect(stepFromEnviron('PATH=/bin\0')).toBe(1000);
    expect(stepFromEnviron('CARRIER_STEP_MS=\0')).toBe(1000);
  });

  it('reports the order service rate limit as set, unset or unknown', () => {
    expect(rateLimitFromEnviron('ORDER_RATE_LIMIT_PER_SECOND=0\0')).toBe('0');
    expect(rateLimitFromEnviron('PATH=/bin\0')).toBe('unset (order-service default)');
    expect(rateLimitFromEnviron(null)).toBe('unknown');
  });
});

describe('restock target', () => {
  it('raises on-hand by what is missing, and leaves enough stock alone', () => {
    expect(restockTarget(100, 80, 200)).toBe(220);
    expect(restockTarget(100, 80, 80)).toBeNull();
  });
});
