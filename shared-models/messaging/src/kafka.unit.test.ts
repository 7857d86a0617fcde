import { createKafka, unconnectedProducer } from './kafka';
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
