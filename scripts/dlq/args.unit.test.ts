import { parseArgs, parseSince, UsageError } from './args';

const now = Date.parse('2026-11-22T04:00:00.000Z');

describe('dlq command line', () => {
  it('parses list, inspect and replay', () => {
    expect(parseArgs(['list'], now)).toEqual({ kind: 'list', limit: 50 });
    expect(parseArgs(['list', '--limit', '5'], now)).toEqual({ kind: 'list', limit: 5 });
    expect(parseArgs(['inspect', '0:12'], now)).toEqual({ kind: 'inspect', position: { partition: 0, offset: '12' } });
    expect(parseArgs(['replay', '0:12', '1:3'], now)).toEqual({
      kind: 'replay',
      selection: {
        positions: [
          { partition: 0, offset: '12' },
          { partition: 1, offset: '3' },
        ],
      },
    });
    expect(parseArgs(['replay', '--all'], now)).toEqual({ kind: 'replay', selection: { all: true } });
    expect(parseArgs(['replay', '--all', '--since', '2h'], now)).toEqual({
      kind: 'replay',
      selection: { all: true, sinceMs: now - 7_200_000 },
    });
  });

  it('reads --since as an age or an absolute time', () => {
    expect(parseSince('30m', now)).toBe(now - 1_800_000);
    expect(parseSince('2d', now)).toBe(now - 172_800_000);
    expect(parseSince('2026-11-21T00:00:00Z', now)).toBe(Date.parse('2026-11-21T00:00:00Z'));
    expect(() => parseSince('yesterday', now)).toThrow(UsageError);
  });

  it('rejects what it does not understand, before touching Kafka', () => {
    for (const argv of [
      [],
      ['purge'],
      ['list', '--limit'],
      ['list', '--limit', '0'],
      ['inspect'],
      ['inspect', '0:1', '0:2'],
      ['inspect', 'x'],
      ['replay'],
      ['replay', '0:1', '--all'],
      ['replay', '--all', '--since'],
      ['replay', '--all', '0:1'],
    ]) {
      expect(() => parseArgs(argv, now)).toThrow(UsageError);
    }
  });
});
