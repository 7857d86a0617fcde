import { z } from 'zod';
import { DEV_ADMIN_TOKEN, serviceEnvSchema } from './common-env';
import { booleanFromString, commaSeparatedList, durationMs, kafkaBrokers, port, positiveInt, url } from './env-schemas';
import { ConfigError, loadConfig } from './load-config';

const minimalEnv = { SERVICE_PORT: '8081', DATABASE_URL: 'postgres://order_service:order_service@127.0.0.1:5432/kot' };

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig with serviceEnvSchema', () => {
  it('applies the documented local defaults', () => {
    const config = loadConfig(serviceEnvSchema(), minimalEnv);
    expect(config).toEqual({
      NODE_ENV: 'development',
      SERVICE_PORT: 8081,
      LISTEN_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: minimalEnv.DATABASE_URL,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8080/apis/ccompat/v7',
      KAFKA_TOPIC: 'orders.events',
      KAFKA_DLQ_TOPIC: 'orders.events.dlq',
      ADMIN_TOKEN: DEV_ADMIN_TOKEN,
      DB_POOL_SIZE: 10,
    });
  });

  it('parses service-specific variables with the building blocks', () => {
    const schema = serviceEnvSchema({
      PAYMENT_URL: url(['http', 'https']),
      OUTBOX_BATCH: positiveInt(100),
      POLL_INTERVAL: durationMs(1000),
      FEATURE_X: booleanFromString(false),
    });
    const config = loadConfig(schema, {
      ...minimalEnv,
      PAYMENT_URL: 'http://127.0.0.1:8091',
      POLL_INTERVAL: '5s',
      FEATURE_X: 'true',
      KAFKA_BROKERS: 'a:1, b:2,',
    });
    // Typed result: these compile only because the output types are number/boolean/string[].
    const sum: number = config.OUTBOX_BATCH + config.POLL_INTERVAL + config.SERVICE_PORT;
    const flag: boolean = config.FEATURE_X;
    expect({ sum, flag, brokers: config.KAFKA_BROKERS, url: config.PAYMENT_URL }).toEqual({
      sum: 100 + 5000 + 8081,
      flag: true,
      brokers: ['a:1', 'b:2'],
      url: 'http://127.0.0.1:8091',
    });
  });

  it('lets a service override a common variable, e.g. to default its own port', () => {
    const schema = serviceEnvSchema({
      SERVICE_PORT: port().default(8082),
      DATABASE_URL: url(['postgres']).default('postgres://inventory_service@127.0.0.1:5432/kot'),
    });
    const config = loadConfig(schema, {});
    const portNumber: number = config.SERVICE_PORT; // compiles only if the override's type wins
    const databaseUrl: string = config.DATABASE_URL;
    expect({ portNumber, databaseUrl }).toEqual({
      portNumber: 8082,
      databaseUrl: 'postgres://inventory_service@127.0.0.1:5432/kot',
    });
  });

  it('names every missing or malformed variable in one error', () => {
    const err = configErrorOf(() =>
      loadConfig(serviceEnvSchema({ PAYMENT_URL: url() }), {
        SERVICE_PORT: '80a',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://x',
      }),
    );
    expect(err.message).toContain('Invalid configuration');
    expect(err.issues.map((i) => i.variable).sort()).toEqual([
      'DATABASE_URL',
      'LOG_LEVEL',
      'PAYMENT_URL',
      'SERVICE_PORT',
    ]);
    expect(err.message).toContain('PAYMENT_URL: required');
    expect(err.message).toContain('SERVICE_PORT: must be an integer port between 0 and 65535');
    expect(err.message).toContain('DATABASE_URL: must be a postgres: or postgresql: URL');
    expect(err.message).toMatch(/LOG_LEVEL: must be one of fatal, error, warn, info/);
  });

  it('says KAFKA_BROKERS: required when a schema has no default for it', () => {
    const err = configErrorOf(() => loadConfig(z.object({ KAFKA_BROKERS: commaSeparatedList() }), {}));
    expect(err.message).toBe('Invalid configuration:\n  KAFKA_BROKERS: required');
  });

  it('treats an empty value as unset so the default applies', () => {
    expect(loadConfig(serviceEnvSchema(), { ...minimalEnv, KAFKA_TOPIC: '' }).KAFKA_TOPIC).toBe('orders.events');
  });

  it('requires ADMIN_TOKEN in production, even alongside other errors', () => {
    const err = configErrorOf(() =>
      loadConfig(serviceEnvSchema(), { NODE_ENV: 'production', DATABASE_URL: minimalEnv.DATABASE_URL }),
    );
    expect(err.issues).toEqual([
      { variable: 'SERVICE_PORT', message: 'required' },
      { variable: 'ADMIN_TOKEN', message: 'required when NODE_ENV=production (and must not be the development token)' },
    ]);
    const devToken = configErrorOf(() =>
      loadConfig(serviceEnvSchema(), { ...minimalEnv, NODE_ENV: 'production', ADMIN_TOKEN: DEV_ADMIN_TOKEN }),
    );
    expect(devToken.issues.map((i) => i.variable)).toEqual(['ADMIN_TOKEN']);
    const ok = loadConfig(serviceEnvSchema(), {
      ...minimalEnv,
      NODE_ENV: 'production',
      ADMIN_TOKEN: 'a-long-enough-production-token',
    });
    expect(ok.ADMIN_TOKEN).toBe('a-long-enough-production-token');
  });

  it('never echoes variable values, which may be secrets', () => {
    const err = configErrorOf(() => loadConfig(serviceEnvSchema(), { ...minimalEnv, ADMIN_TOKEN: 'short-secret' }));
    expect(err.message).toBe('Invalid configuration:\n  ADMIN_TOKEN: must be at least 16 characters');
  });
});

describe('building blocks', () => {
  it.each([
    ['0', 0],
    ['65535', 65535],
  ])('port accepts %s', (raw, value) => expect(port().parse(raw)).toBe(value));

  it.each(['-1', '65536', '1e3', '80.5', ''])('port rejects %j', (raw) =>
    expect(port().safeParse(raw).success).toBe(false),
  );

  it.each([
    ['250', 250],
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
  ])('durationMs parses %s', (raw, ms) => expect(durationMs().parse(raw)).toBe(ms));

  it('durationMs rejects other units', () => expect(durationMs().safeParse('3 days').success).toBe(false));

  it('booleanFromString accepts only true/false', () => {
    expect(booleanFromString().parse('false')).toBe(false);
    expect(booleanFromString().safeParse('yes').error?.issues[0]?.message).toBe("must be 'true' or 'false'");
  });

  it('positiveInt rejects zero and uses its default when unset', () => {
    expect(positiveInt().safeParse('0').success).toBe(false);
    expect(positiveInt(7).parse(undefined)).toBe(7);
  });

  it('commaSeparatedList validates each item and needs at least one', () => {
    expect(commaSeparatedList(z.enum(['a', 'b'])).parse('a,b')).toEqual(['a', 'b']);
    expect(commaSeparatedList().safeParse(' , ').success).toBe(false);
  });
});

// The test support and system-status read KAFKA_BROKERS as one address, so a cluster's list
// "h:9092,h:9094" became a single broker named "h:9092,h:9094" (issue 17 needs the list).
describe('kafkaBrokers', () => {
  it('reads one broker or a list, trimmed, and falls back to the local broker when unset', () => {
    expect(kafkaBrokers('127.0.0.1:9092, 127.0.0.1:9094,127.0.0.1:9096')).toEqual([
      '127.0.0.1:9092',
      '127.0.0.1:9094',
      '127.0.0.1:9096',
    ]);
    expect(kafkaBrokers(undefined)).toEqual(['127.0.0.1:9092']);
    expect(kafkaBrokers(undefined, 'kafka:9092')).toEqual(['kafka:9092']);
    expect(() => kafkaBrokers(' , ')).toThrow('must list at least one value');
  });
});
