// How the bench prints a verdict of the shared invariants: the measure when it holds, and when it
// fails how many offend with the first five, so a long list does not flood the summary.
import { toInvariantResult } from './invariants';

describe('toInvariantResult', () => {
  it('keeps the measure of a check that held', () => {
    expect(toInvariantResult({ name: 'money settled', ok: true, detail: 'net charges', offenders: [] })).toEqual({
      name: 'money settled',
      ok: true,
      detail: 'net charges',
    });
  });

  it('counts the offenders of a failed check and names the first five', () => {
    const offenders = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => `${id} is PAYING`);
    expect(
      toInvariantResult({ name: 'every order terminal', ok: false, detail: '3/10 terminal', offenders }).detail,
    ).toBe('3/10 terminal; 7 offending: a is PAYING, b is PAYING, c is PAYING, d is PAYING, e is PAYING, …');
  });
});
