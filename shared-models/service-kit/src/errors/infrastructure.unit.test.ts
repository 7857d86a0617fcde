import { toAppError } from '../http/to-app-error';
import { isInfrastructureFailure } from './infrastructure';

describe('isInfrastructureFailure', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [
      'Prisma pool timeout',
      Object.assign(new Error('Timed out fetching a new connection from the connection pool'), { code: 'P2024' }),
    ],
    [
      'Prisma transaction start timeout',
      Object.assign(new Error('Transaction API error: Unable to start a transaction in the given time.'), {
        code: 'P2028',
      }),
    ],
    [
      'the same, wrapped without a code',
      new Error('wrapped', {
        cause: new Error('Transaction API error: Unable to start a transaction in the given time.'),
      }),
    ],
    [
      'Postgres shutting down',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
  ])('recognises %s', (_name, error) => {
    expect(isInfrastructureFailure(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key value'), { code: '23505' })],
    ['a plain bug', new TypeError('x is undefined')],
    ['a non-error', 'boom'],
  ])('does not mistake %s for infrastructure', (_name, error) => {
    expect(isInfrastructureFailure(error)).toBe(false);
  });
});

describe('toAppError for infrastructure failures', () => {
  it('answers an exhausted database pool with 503 and a Retry-After, not 500', () => {
    const error = toAppError(
      Object.assign(new Error('Transaction API error: Unable to start a transaction in the given time.'), {
        code: 'P2028',
      }),
    );
    expect(error).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE', retriable: true, retryAfterSeconds: 1 });
    expect(error?.detail).not.toContain('Transaction API');
  });
});
