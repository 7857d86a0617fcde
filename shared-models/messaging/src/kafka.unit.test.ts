import { createKafka, groupConsumerConfig, unconnectedProducer } from './kafka';
import type { Logger } from './logger';

// Every service start used to log kafkajs's "switched default partitioner" warning: the producer did not
// name its partitioner. Naming it (the same murmur2 one) is what keeps the log quiet.
describe('the outbox and dead-letter producer', () => {
  it('names its partitioner, so no service logs the "switched default partitioner" warning at start', () => {
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => {},
      info: () => {},
      warn: (_obj, msg) => warnings.push(msg ?? ''),
      error: (_obj, msg) => warnings.push(msg ?? ''),
    };
    const kafka = createKafka({ clientId: 'unit', brokers: ['127.0.0.1:1'], logger });
    unconnectedProducer(kafka);
    // The other warning kafkajs gives ("limiting retries for the idempotent producer") is a choice: a send
    // that exhausts its retries leaves its rows in the outbox for the relay's next round, and consumers
    // drop the rare duplicate in their inbox; unlimited retries would stall the relay through an outage.
    expect(warnings.filter((w) => /partitioner/i.test(w))).toEqual([]);
    expect(warnings).toHaveLength(1);
  });
});

// Issue 17: with N instances in a group, a killed instance's partitions wait for its session to time out.
describe("the service consumers' group membership", () => {
  const config = groupConsumerConfig('inventory-service');

  it("gives a dead instance's partitions to the others within 10 s, heartbeating every 3 s", () => {
    expect(config).toMatchObject({ groupId: 'inventory-service', sessionTimeout: 10_000, heartbeatInterval: 3_000 });
  });

  it('keeps the timings consistent: three heartbeats per session, a rebalance that outlasts a session', () => {
    const { sessionTimeout = 30_000, heartbeatInterval = 3_000, rebalanceTimeout = 60_000 } = config;
    expect(heartbeatInterval * 3).toBeLessThanOrEqual(sessionTimeout);
    expect(sessionTimeout).toBeGreaterThanOrEqual(6_000); // the broker's group.min.session.timeout.ms
    expect(rebalanceTimeout).toBeGreaterThanOrEqual(sessionTimeout);
    expect(config.retry).toEqual({ retries: 8 });
  });
});
