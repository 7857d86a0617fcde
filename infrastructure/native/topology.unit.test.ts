// The topology's port rules exist twice: here for the tools, in common.sh for the scripts that start
// the processes. A tool that looked for instance 2 where the script did not start it would report a
// healthy system as down, so the two are held equal by asking bash.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseStackEnv } from './stack-env';
import {
  brokerNodes,
  instanceName,
  instancePoolSize,
  kafkaBrokerList,
  minInsyncReplicas,
  replicationFactor,
  serviceInstances,
  topology,
} from './topology';

const COMMON_SH = path.join(__dirname, 'lib', 'common.sh');
const base = parseStackEnv(
  ['KAFKA_HOST=127.0.0.1', 'KAFKA_PORT=9092', 'KAFKA_CONTROLLER_PORT=9093', 'ORDER_SERVICE_PORT=8081'].join('\n'),
);

function bash(script: string, env: Record<string, string>): string {
  return execFileSync('bash', ['-c', `source "${COMMON_SH}"; ${script}`], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  }).trim();
}

describe('topology', () => {
  it('is one broker and one instance unless the env says otherwise', () => {
    expect(topology(base)).toEqual({ brokers: 1, replicas: 1 });
    expect(kafkaBrokerList(base)).toEqual(['127.0.0.1:9092']);
    expect(serviceInstances(base, 'order-service').map((i) => i.name)).toEqual(['order-service']);
  });

  it('places three brokers two ports apart, with replication 3 and two copies per write', () => {
    const env = { ...base, KAFKA_BROKER_COUNT: '3' };
    expect(brokerNodes(env).map((n) => [n.id, n.port, n.controllerPort])).toEqual([
      [1, 9092, 9093],
      [2, 9094, 9095],
      [3, 9096, 9097],
    ]);
    expect([replicationFactor(3), minInsyncReplicas(3)]).toEqual([3, 2]);
    expect([replicationFactor(1), minInsyncReplicas(1)]).toEqual([1, 1]);
  });

  it('gives instance n of a service its port + 100(n-1) and a suffixed name after the first', () => {
    const instances = serviceInstances({ ...base, SERVICE_REPLICAS: '3' }, 'order-service');
    expect(instances.map((i) => [i.name, i.port])).toEqual([
      ['order-service', 8081],
      ['order-service-2', 8181],
      ['order-service-3', 8281],
    ]);
    expect(instanceName('shipping-service', 2)).toBe('shipping-service-2');
  });

  it('shares about 60 Postgres connections among the five services however many instances run', () => {
    expect([1, 2, 3, 4, 5].map(instancePoolSize)).toEqual([10, 5, 3, 2, 2]);
    for (const n of [1, 2, 3]) expect(5 * n * (instancePoolSize(n) + 1)).toBeLessThanOrEqual(60);
  });

  it('refuses a count it cannot run, naming the setting', () => {
    expect(() => topology({ ...base, KAFKA_BROKER_COUNT: '0' })).toThrow(
      /KAFKA_BROKER_COUNT must be a whole number from 1 to 5, got "0"/,
    );
    expect(() => topology({ ...base, SERVICE_REPLICAS: 'two' })).toThrow(/SERVICE_REPLICAS/);
  });

  it('computes the same ports, names and broker list as the bash the start scripts use', () => {
    const env = { ...base, KAFKA_BROKER_COUNT: '3', SERVICE_REPLICAS: '2' };
    const fromBash = bash(
      'echo "$(kafka_broker_list) $(instance_port 8081 2) $(instance_name order-service 2) $(instance_name order-service 1) $(kafka_replication_factor) $(kafka_min_insync) $(instance_pool_size 1) $(instance_pool_size 2) $(instance_pool_size 3) $(instance_pool_size 6)"',
      { KAFKA_HOST: '127.0.0.1', KAFKA_PORT: '9092', KAFKA_BROKER_COUNT: '3' },
    );
    const second = serviceInstances(env, 'order-service')[1];
    expect(fromBash).toBe(
      `${kafkaBrokerList(env).join(',')} ${second?.port} ${second?.name} order-service ${replicationFactor(3)} ${minInsyncReplicas(3)} ` +
        [1, 2, 3, 6].map(instancePoolSize).join(' '),
    );
  });
});
