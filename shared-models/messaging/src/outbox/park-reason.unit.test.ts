import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import { InvalidEventError } from '@kot/events';
import { blockedBy, parkReasonText, parkVerdictOf } from './park-reason';

// kafkajs's own error classes, shaped as its producer raises them (the broker's answers as KafkaJSProtocolError).
const brokerAnswer = (type: string, code: number, retriable: boolean): KafkaJSProtocolError =>
  new KafkaJSProtocolError({ type, code, retriable, message: `broker says ${type}` } as unknown as Error);

describe('parkVerdictOf: what can never be published, and what is only a moment', () => {
  it('parks an event Avro refuses, naming the fields', () => {
    expect(parkVerdictOf(new InvalidEventError('ShipmentScheduled', ['estimatedDeliveryAt']))).toEqual({
      reason: 'unencodable',
      detail: 'invalid ShipmentScheduled event: bad field(s) estimatedDeliveryAt',
    });
  });

  it('parks what the broker refuses for the message itself, also when kafkajs wraps the answer', () => {
    expect(parkVerdictOf(brokerAnswer('MESSAGE_TOO_LARGE', 10, false))?.reason).toBe('too-large');
    expect(parkVerdictOf(brokerAnswer('RECORD_LIST_TOO_LARGE', 18, false))?.reason).toBe('too-large');
    expect(parkVerdictOf(brokerAnswer('INVALID_RECORD', 87, false))?.reason).toBe('refused');
    // As kafkajs's retrier rejects: the answer both as the wrapped error and as its cause.
    const answer = brokerAnswer('MESSAGE_TOO_LARGE', 10, false);
    const wrapped = Object.assign(new KafkaJSNonRetriableError(answer), { cause: answer });
    expect(parkVerdictOf(wrapped)).toEqual({
      reason: 'too-large',
      detail: 'broker answered MESSAGE_TOO_LARGE: broker says MESSAGE_TOO_LARGE',
    });
  });

  it('never parks on a transient failure: broker down, leader moving, timeouts, retries running out', () => {
    const transient = [
      new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092'),
      new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out'),
      brokerAnswer('NOT_LEADER_FOR_PARTITION', 6, true),
      brokerAnswer('LEADER_NOT_AVAILABLE', 5, true),
      new KafkaJSNumberOfRetriesExceeded(brokerAnswer('NOT_ENOUGH_REPLICAS', 19, true), {
        retryCount: 10,
        retryTime: 5000,
      } as never),
      new Error('registry unreachable: ECONNREFUSED'),
    ];
    expect(transient.map(parkVerdictOf)).toEqual(transient.map(() => null));
  });

  it('does not park on refusals that concern the whole service (they would park every event)', () => {
    expect(parkVerdictOf(brokerAnswer('TOPIC_AUTHORIZATION_FAILED', 29, false))).toBeNull();
    expect(parkVerdictOf(brokerAnswer('INVALID_REQUIRED_ACKS', 21, false))).toBeNull();
  });

  it('stores the reason first, so rows can be grouped by it in SQL', () => {
    expect(parkReasonText(blockedBy('evt-1'))).toBe('blocked: event evt-1 of the same key is parked');
  });
});
