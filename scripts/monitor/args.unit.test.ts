import { instanceLabel, parseArgs, parseStackEnv, UsageError } from './args';
import { isOrderTarget } from './services';

const STACK_ENV = `# comment
STACK_HOST=127.0.0.2
KAFKA_HOST=127.0.0.3
KAFKA_PORT=9999
KAFKA_TOPICS="orders.custom:6 orders.custom.dlq:1"
REGISTRY_PORT=8181
REGISTRY_CCOMPAT_PATH=/apis/ccompat/v7
ORDER_SERVICE_PORT=9081
`;

describe('monitor arguments', () => {
  it('defaults to the stack.env addresses of every service, the topic, Kafka and the registry', () => {
    const options = parseArgs([], {}, parseStackEnv(STACK_ENV));
    expect(options.services.map((s) => `${s.name}=${s.url}`)).toEqual([
      'order=http://127.0.0.2:9081',
      'inventory=http://127.0.0.2:8082',
      'shipping=http://127.0.0.2:8083',
      'notification=http://127.0.0.2:8084',
      'analytics=http://127.0.0.2:8085',
    ]);
    expect(options).toMatchObject({
      topic: 'orders.custom',
      brokers: ['127.0.0.3:9999'],
      registryUrl: 'http://127.0.0.2:8181/apis/ccompat/v7',
    });
  });

  it('watches every instance and reads every broker of a scaled-out topology', () => {
    const stack = { ...parseStackEnv(STACK_ENV), SERVICE_REPLICAS: '2', KAFKA_BROKER_COUNT: '3' };
    const options = parseArgs([], {}, stack);
    expect(options.services.map((s) => `${s.name}=${s.url}`).slice(0, 4)).toEqual([
      'order=http://127.0.0.2:9081',
      'order-2=http://127.0.0.2:9181',
      'inventory=http://127.0.0.2:8082',
      'inventory-2=http://127.0.0.2:8182',
    ]);
    expect(options.services.map((s) => s.name)).toContain('notificatio-2');
    expect(options.brokers).toEqual(['127.0.0.3:9999', '127.0.0.3:10001', '127.0.0.3:10003']);
    expect(['order', 'order-2', 'order-12'].every(isOrderTarget)).toBe(true);
    expect(['orders', 'inventory', 'order-x'].some(isOrderTarget)).toBe(false);
  });

  it('fits an instance label in the 13-character column, keeping the instance number', () => {
    expect(instanceLabel('notification', 1)).toBe('notification');
    expect(instanceLabel('notification', 2)).toBe('notificatio-2');
    expect(instanceLabel('shipping', 3)).toBe('shipping-3');
  });

  it('lets the environment and then flags override the defaults', () => {
    const env = { KAFKA_TOPIC: 'from.env', KAFKA_BROKERS: 'a:1,b:2' };
    expect(parseArgs([], env, {})).toMatchObject({ topic: 'from.env', brokers: ['a:1', 'b:2'] });
    const options = parseArgs(
      [
        '--topic=t1',
        '--services',
        'order=http://127.0.0.1:1/,shipping=http://127.0.0.1:2',
        '--registry',
        'http://r:1/x',
      ],
      env,
      {},
    );
    expect(options).toMatchObject({ topic: 't1', registryUrl: 'http://r:1/x' });
    expect(options.services).toEqual([
      { name: 'order', url: 'http://127.0.0.1:1' },
      { name: 'shipping', url: 'http://127.0.0.1:2' },
    ]);
  });

  it('refuses unknown flags, missing values and malformed service lists', () => {
    expect(() => parseArgs(['--rate', '5'], {}, {})).toThrow(new UsageError('unknown argument "--rate"'));
    expect(() => parseArgs(['--topic'], {}, {})).toThrow('--topic needs a value');
    expect(() => parseArgs(['--services', 'order'], {}, {})).toThrow(
      '--services entries look like name=url, got "order"',
    );
    expect(() => parseArgs(['--services', 'order=ftp://x'], {}, {})).toThrow('--services needs http(s) URLs');
  });
});
