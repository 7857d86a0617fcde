import { parseEnv } from 'node:util';
import { z } from 'zod';
import { commaSeparatedList, durationMs, positiveInt } from '@kot/service-kit';
import { envText, variablesOf } from './env-variables';
import { comment, quoted, renderSections } from './render';
import { sectionsOf } from './env-example';

// Wrapped like serviceEnvSchema(): refinement and transform around the object of variables.
const schema = z
  .object({
    BROKERS: commaSeparatedList().default(['a:1', 'b:2']),
    POOL: positiveInt(10).describe('Pool size.'),
    WAIT_MS: durationMs(1_000),
    TOKEN: z.string().describe('Inner text.').optional(),
    URL: z.string(),
  })
  .refine(() => true)
  .transform((env) => ({ ...env, extra: 1 }));

describe('variablesOf', () => {
  it('reads each variable of a wrapped object: default, optional or required, and its description', () => {
    expect(variablesOf(schema)).toEqual([
      { name: 'BROKERS', setting: { kind: 'default', value: 'a:1,b:2' } },
      { name: 'POOL', setting: { kind: 'default', value: '10' }, description: 'Pool size.' },
      { name: 'WAIT_MS', setting: { kind: 'default', value: '1000' } },
      { name: 'TOKEN', setting: { kind: 'optional' }, description: 'Inner text.' },
      { name: 'URL', setting: { kind: 'required' } },
    ]);
  });

  it('refuses a schema that is not an object of variables', () => {
    expect(() => variablesOf(z.string())).toThrow('expected a z.object of environment variables, found a string');
  });

  it('refuses a default it cannot write as text', () => {
    expect(() => envText({ a: 1 })).toThrow('cannot write the default {"a":1}');
  });
});

describe('renderSections', () => {
  const text = renderSections([{ title: 'Svc', source: 'svc/config.ts', variables: variablesOf(schema) }]);

  it('comments out defaults and optional variables, and leaves a required one to fill in', () => {
    expect(text).toContain('# Pool size.\n# POOL=10\n');
    expect(text).toContain('# Inner text.\n# TOKEN=\n');
    expect(text).toContain('# required\nURL=\n');
  });

  it('quotes a value so env-file readers take all of it', () => {
    const value = '"Kafka Order Tracking" <orders@example.local>';
    expect(parseEnv(`A=${quoted(value)}\nB=${quoted("it's")}\nC=${quoted('a:1,b:2')}`)).toEqual({
      A: value,
      B: "it's",
      C: 'a:1,b:2',
    });
    expect(() => quoted(`"it's"`)).toThrow('without an escape');
  });

  it('wraps descriptions at 100 columns', () => {
    const lines = comment('word '.repeat(60));
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((line) => line.length <= 100 && line.startsWith('# word'))).toBe(true);
  });
});

describe('sectionsOf', () => {
  const service = (port: number) => ({
    schema: z.object({ PORT: positiveInt(port), TOPIC: z.string().default('t') }),
  });

  it('lists a variable every service reads alike once, and a differing one per service', () => {
    const sections = sectionsOf([
      { name: 'a', ...service(1) },
      { name: 'b', ...service(2) },
    ]);
    expect(sections.map((section) => [section.title, section.variables.map((v) => v.name)])).toEqual([
      ['Every service', ['TOPIC']],
      ['a', ['PORT']],
      ['b', ['PORT']],
    ]);
  });
});
