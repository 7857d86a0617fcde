import type { KafkaMessage } from 'kafkajs';
import { DLQ_HEADERS } from '../consumer/dead-letter';
import {
  DeadLetterError,
  formatPosition,
  parsePosition,
  REPLAY_HEADERS,
  replayMessage,
  toDeadLetterEntry,
} from './dead-letter-entry';
import { selectedEntries } from './dead-letter-replay';

function parked(offset: string, headers: Record<string, string | Buffer>): KafkaMessage {
  return {
    key: Buffer.from('ord-1'),
    value: Buffer.from([0, 0, 0, 0, 7, 2]),
    offset,
    timestamp: '0',
    attributes: 0,
    headers,
  } as KafkaMessage;
}

const dlqHeaders = {
  'event-id': 'e1',
  'event-type': 'OrderPlaced',
  'correlation-id': 'c1',
  producer: 'order-service',
  [DLQ_HEADERS.reason]: 'handler-rejected',
  [DLQ_HEADERS.error]: 'NotFoundError: order ord-1 does not exist',
  [DLQ_HEADERS.sourceTopic]: 'orders.events',
  [DLQ_HEADERS.sourcePartition]: '4',
  [DLQ_HEADERS.sourceOffset]: '1234',
  [DLQ_HEADERS.consumerGroup]: 'inventory-service',
  [DLQ_HEADERS.failedAt]: '2026-11-22T03:00:00.000Z',
};

describe('dead-letter entries', () => {
  it('decodes the DLQ headers and keeps the original bytes', () => {
    const entry = toDeadLetterEntry(0, parked('17', dlqHeaders));
    expect(entry).toMatchObject({
      partition: 0,
      offset: '17',
      reason: 'handler-rejected',
      sourceTopic: 'orders.events',
      sourcePartition: 4,
      sourceOffset: '1234',
      consumerGroup: 'inventory-service',
      failedAt: '2026-11-22T03:00:00.000Z',
      eventId: 'e1',
      eventType: 'OrderPlaced',
    });
    expect(entry.key?.toString()).toBe('ord-1');
    expect(entry.value).toEqual(Buffer.from([0, 0, 0, 0, 7, 2]));
  });

  it('tolerates a message that was not parked by our consumers', () => {
    const entry = toDeadLetterEntry(2, parked('0', {}));
    expect(entry).toMatchObject({ reason: 'unknown', sourceTopic: null, sourcePartition: null, eventId: null });
    expect(() => replayMessage(entry, new Date())).toThrow(DeadLetterError);
  });

  it('replays the original key, value and headers to the source partition, marked as a replay', () => {
    const at = new Date('2026-11-22T04:00:00.000Z');
    const message = replayMessage(toDeadLetterEntry(0, parked('17', dlqHeaders)), at);
    expect(message).toMatchObject({
      topic: 'orders.events',
      partition: 4,
      key: Buffer.from('ord-1'),
      value: Buffer.from([0, 0, 0, 0, 7, 2]),
    });
    expect(Object.keys(message.headers).sort()).toEqual(
      [
        'correlation-id',
        REPLAY_HEADERS.replayedAt,
        REPLAY_HEADERS.replayedFrom,
        'event-id',
        'event-type',
        'producer',
      ].sort(),
    );
    expect(message.headers[REPLAY_HEADERS.replayedFrom]).toBe('0:17');
    expect(message.headers[REPLAY_HEADERS.replayedAt]).toBe(at.toISOString());
  });

  it('parses and prints positions as <partition>:<offset>', () => {
    expect(parsePosition(' 3:0042 ')).toEqual({ partition: 3, offset: '42' });
    expect(formatPosition({ partition: 3, offset: '42' })).toBe('3:42');
    for (const bad of ['3', '3:', ':4', 'a:1', '1:-2', '1:2:3'])
      expect(() => parsePosition(bad)).toThrow(DeadLetterError);
  });

  it('selects entries failed since a time, and refuses positions that are not there', () => {
    const old = toDeadLetterEntry(
      0,
      parked('1', { ...dlqHeaders, [DLQ_HEADERS.failedAt]: '2026-11-20T00:00:00.000Z' }),
    );
    const recent = toDeadLetterEntry(0, parked('2', dlqHeaders));
    expect(selectedEntries([old, recent], { all: true, sinceMs: Date.parse('2026-11-21T00:00:00.000Z') })).toEqual([
      recent,
    ]);
    expect(selectedEntries([old, recent], { all: true })).toEqual([old, recent]);
    expect(() =>
      selectedEntries([old], {
        positions: [
          { partition: 0, offset: '1' },
          { partition: 0, offset: '9' },
        ],
      }),
    ).toThrow('no dead letter at 0:9');
  });
});
