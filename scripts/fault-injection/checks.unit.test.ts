// The rows a fault run adds to the shared invariants: a verdict shown with its offender count and at
// most ten offenders, and recovery that needs every order terminal, with a reason, within the budget.
import { checkRecovery, toCheckResult } from './checks';

describe('toCheckResult', () => {
  it('shows how many offend and keeps the first ten', () => {
    const offenders = Array.from({ length: 12 }, (_, i) => `order ${i}`);
    const row = toCheckResult({ name: 'money settled', ok: false, detail: 'net charges', offenders });
    expect(row).toEqual({
      name: 'money settled',
      passed: false,
      detail: 'net charges; 12 offending',
      offenders: offenders.slice(0, 10),
    });
  });
});

describe('checkRecovery', () => {
  const done = [
    { order_id: 'a', status: 'DELIVERED', cancel_reason: null },
    { order_id: 'b', status: 'CANCELLED', cancel_reason: 'TIMEOUT' },
  ];

  it('passes when every order ended, with a reason when cancelled, within the budget', () => {
    const row = checkRecovery(done, 45_000, 60_000);
    expect(row).toMatchObject({ name: 'every order terminal within 60s of the last fault', passed: true });
    expect(row.detail).toBe(
      '2/2 terminal, 0 cancelled without reason, all terminal 45.0s after the last fault (or the last order, if later)',
    );
  });

  it('fails late recovery, an open order and a cancellation without reason', () => {
    expect(checkRecovery(done, 61_000, 60_000).passed).toBe(false);
    expect(checkRecovery(done, null, 60_000).detail).toContain('not all terminal within the wait');
    const row = checkRecovery(
      [
        ...done,
        { order_id: 'c', status: 'PAYING', cancel_reason: null },
        { order_id: 'd', status: 'CANCELLED', cancel_reason: null },
      ],
      1_000,
      60_000,
    );
    expect(row.offenders).toEqual(['c PAYING', 'd no reason']);
  });
});
