// A produce request the broker wrote but whose answer never arrived (a broker killed mid-request, a
// dropped connection), against the real broker. kafkajs then rolls the idempotent producer's sequence
// numbers back, and the next batch of the same size under that producer id is taken by the broker for
// a duplicate of the written one: acknowledged, never written. That lost events in the scale-out fault
// run; the relay's RenewingProducer sends the next batch under a new producer id instead.
import net from 'node:net';
import { Kafka, logLevel, type ISocketFactory, type Producer } from 'kafkajs';
import { createTestTopics, STACK, testKafka } from '@kot/testing';
import { RenewingProducer } from './kafka';

const PRODUCE_API_KEY = 0;

/**
 * Sockets that, while losing, let each Produce request reach the broker and then swallow its answer and
 * close the connection: the client sees a failure (its retry too) for a batch the broker has written.
 */
function answerLosingSockets(): { factory: ISocketFactory; lose(on: boolean): void } {
  let losing = false;
  const factory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket = net.connect({ host, port }, onConnect);
    const write = socket.write.bind(socket) as (chunk: Buffer, ...rest: unknown[]) => boolean;
    let deaf = false;
    socket.write = ((chunk: Buffer, ...rest: unknown[]) => {
      if (losing && Buffer.isBuffer(chunk) && chunk.length > 6 && chunk.readInt16BE(4) === PRODUCE_API_KEY) {
        deaf = true;
        setTimeout(() => socket.destroy(new Error('answer lost')), 500); // time for the broker to append the batch
      }
      return write(chunk, ...rest);
    }) as typeof socket.write;
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string, ...args: unknown[]) =>
      deaf && event === 'data' ? true : emit(event, ...args)) as typeof socket.emit;
    return socket;
  };
  return { factory, lose: (on) => (losing = on) };
}

/** One failed send (written, answer lost), then one more message; returns the partition's message count. */
async function sendAfterLostAnswer(
  send: (value: string) => Promise<unknown>,
  lose: (on: boolean) => void,
  topic: string,
) {
  lose(true);
  await expect(send('first')).rejects.toThrow();
  lose(false);
  await send('second');
  const admin = testKafka('renewing-producer').admin();
  await admin.connect();
  try {
    const [partition] = await admin.fetchTopicOffsets(topic);
    return Number(partition?.high);
  } finally {
    await admin.disconnect();
  }
}

describe('a send whose answer was lost', () => {
  let sockets: ReturnType<typeof answerLosingSockets>;
  let kafka: Kafka;
  const producers: Array<{ disconnect(): Promise<void> }> = [];
  const idempotent = (): Producer => {
    // One retry (the least kafkajs allows an idempotent producer): it fails too, so the failure reaches
    // the caller, as it does once a broker stays away longer than the retries.
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 1, initialRetryTime: 100 },
    });
    producers.push(producer);
    return producer;
  };
  const message = (topic: string) => (value: string) => ({ topic, messages: [{ key: 'order-1', value }], acks: -1 });

  beforeEach(() => {
    sockets = answerLosingSockets();
    kafka = new Kafka({
      clientId: 'lost-answer',
      brokers: STACK.brokers,
      logLevel: logLevel.NOTHING,
      socketFactory: sockets.factory,
    });
  });
  afterEach(async () => {
    await Promise.all(producers.splice(0).map((p) => p.disconnect().catch(() => undefined)));
  });

  it('is written by the broker, and kafkajs alone then drops the next batch as its duplicate', async () => {
    const { topic } = await createTestTopics('lost-answer', 1);
    const producer = idempotent();
    await producer.connect();
    const count = await sendAfterLostAnswer((v) => producer.send(message(topic)(v)), sockets.lose, topic);
    // 'first' is in the log although its send failed; 'second' was acknowledged but is not.
    expect(count).toBe(1);
  });

  it('is followed, through RenewingProducer, by a batch that is written too', async () => {
    const { topic } = await createTestTopics('lost-answer', 1);
    const renewing = new RenewingProducer(idempotent);
    producers.push(renewing);
    const count = await sendAfterLostAnswer((v) => renewing.send(message(topic)(v)), sockets.lose, topic);
    expect(count).toBe(2);
  });
});
