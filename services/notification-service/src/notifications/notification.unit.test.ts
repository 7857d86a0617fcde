import { deciderSpec } from '@kot/testing';
import type { SendFailure } from './delivery-policy';
import { claimed, notificationDecider, type NotificationCommand } from './notification';

// The claim is made in SQL (see notification.ts), so every case starts from the row as claimDue left
// it (`givenState`): SENDING under this dispatcher's token, with the failed sends counted so far.

const spec = deciderSpec(notificationDecider({ maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000 }));
const NOW = 1_000_000;
const TOKEN = '0c5c4a0e-1f4b-4a57-9d39-6a1e2b7c8d90';

const failed = (failure: SendFailure, claimToken = TOKEN): NotificationCommand => ({
  type: 'RecordSendFailure',
  claimToken,
  failure,
  now: NOW,
});
const sent = (claimToken = TOKEN): NotificationCommand => ({
  type: 'RecordSent',
  claimToken,
  response: '250 2.0.0 Ok: queued as 4F2A1',
  providerMessageId: '4F2A1',
  now: NOW,
});
const transient = (error: string): SendFailure => ({ kind: 'transient', error });

describe('what happens after a send fails', () => {
  it('reschedules a transient failure and counts the attempt', () => {
    const after = spec
      .givenState(claimed(1, TOKEN))
      .when(failed(transient('ECONNREFUSED')))
      .then([{ type: 'RetryScheduled', attempts: 2, nextAttemptAt: NOW + 2000, error: 'ECONNREFUSED', at: NOW }]);
    expect(after).toEqual({ status: 'PENDING', attempts: 2, claimToken: null });
  });

  it('gives up once the attempts are used up', () => {
    const after = spec
      .givenState(claimed(3, TOKEN))
      .when(failed(transient('421 busy')))
      .then([{ type: 'EmailFailed', attempts: 4, error: '421 busy', at: NOW }]);
    expect(after).toEqual({ status: 'FAILED', attempts: 4, claimToken: null });
  });

  it('gives up at once on a permanent rejection', () => {
    spec
      .givenState(claimed(0, TOKEN))
      .when(failed({ kind: 'permanent', error: '550 no such user' }))
      .then([{ type: 'EmailFailed', attempts: 1, error: '550 no such user', at: NOW }]);
  });

  it('does not count a send the open circuit refused without trying', () => {
    spec
      .givenState(claimed(3, TOKEN))
      .when(failed({ kind: 'not-attempted', error: 'circuit open', retryAfterMs: 15_000 }))
      .then([{ type: 'RetryScheduled', attempts: 3, nextAttemptAt: NOW + 15_000, error: 'circuit open', at: NOW }]);
  });
});

describe('recording a sent email', () => {
  it('marks it SENT, counting the send, and releases the claim', () => {
    const after = spec
      .givenState(claimed(2, TOKEN))
      .when(sent())
      .then([
        {
          type: 'EmailSent',
          attempts: 3,
          response: '250 2.0.0 Ok: queued as 4F2A1',
          providerMessageId: '4F2A1',
          at: NOW,
        },
      ]);
    expect(after).toEqual({ status: 'SENT', attempts: 3, claimToken: null });
  });
});

describe('only the current claim records an outcome', () => {
  const OTHER = '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f';

  it('ignores a dispatcher whose lease another one took over', () => {
    spec.givenState(claimed(1, OTHER)).when(sent()).then([]);
    spec
      .givenState(claimed(1, OTHER))
      .when(failed(transient('timeout')))
      .then([]);
  });

  it('ignores a late outcome once the email was already settled under the same claim', () => {
    const settled = spec.givenState(claimed(0, TOKEN)).when(sent()).then([expect.anything()]);
    spec
      .givenState(settled)
      .when(failed(transient('timeout')))
      .then([]);
  });

  it('has nothing to record for an email still queued and unclaimed', () => {
    spec.given([]).when(sent()).then([]);
  });
});
