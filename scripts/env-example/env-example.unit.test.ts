import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { loadConfig } from '@kot/service-kit';
import { ENV_EXAMPLE_FILE, REPO_ROOT, envExampleText, sectionsOf, serviceSchemas } from './env-example';
import { variablesOf, variablesShape } from './env-variables';
import { renderSections } from './render';
import { sharedDescriptions } from './shared-descriptions';

/** Null when the file is current, else a message saying where it differs and how to fix it. */
function staleness(committed: string, generated: string): string | null {
  if (committed === generated) return null;
  const have = committed.split('\n');
  const want = generated.split('\n');
  const at = Math.max(
    0,
    want.findIndex((line, i) => have[i] !== line),
  );
  return (
    `.env.example is not what the services' zod schemas produce (line ${at + 1} is ` +
    `${JSON.stringify(have[at] ?? '')}, expected ${JSON.stringify(want[at] ?? '')}): run \`npm run env:example\``
  );
}

/** The env file a person gets by uncommenting every assignment of the given text. */
function uncommented(text: string): Record<string, string | undefined> {
  const lines = text.split('\n').flatMap((line) => /^(?:# )?([A-Z][A-Z0-9_]*=.*)$/.exec(line)?.[1] ?? []);
  return parseEnv(lines.join('\n'));
}

describe('.env.example', () => {
  it('is what the generator writes from the schemas', () => {
    const committed = existsSync(ENV_EXAMPLE_FILE) ? readFileSync(ENV_EXAMPLE_FILE, 'utf8') : '';
    expect(staleness(committed, envExampleText())).toBeNull();
  });

  it('covers every service folder', () => {
    const withConfig = readdirSync(join(REPO_ROOT, 'services')).filter((name) =>
      existsSync(join(REPO_ROOT, 'services', name, 'src', 'config.ts')),
    );
    expect(serviceSchemas.map((service) => service.name).sort()).toEqual(withConfig.sort());
  });

  describe.each(serviceSchemas)('for $name', (service) => {
    const [shared, own] = sectionsOf(serviceSchemas).filter(
      (section) => section.title === 'Every service' || section.title === service.name,
    );
    const env = uncommented(renderSections([shared!, own!]));

    it('lists each variable the schema reads, in the shared section or its own', () => {
      expect(Object.keys(env).sort()).toEqual(Object.keys(variablesShape(service.schema)).sort());
    });

    it('writes defaults the service parses back to its unset configuration', () => {
      expect(loadConfig(service.schema, env)).toEqual(loadConfig(service.schema, {}));
    });
  });

  it('keeps the local ports of docs/conventions.md', () => {
    const conventions = readFileSync(join(REPO_ROOT, 'docs', 'conventions.md'), 'utf8');
    for (const { name, schema } of serviceSchemas) {
      const documented = new RegExp(`^\\| ${name} \\| (\\d+) \\|$`, 'm').exec(conventions)?.[1];
      const port = variablesOf(schema).find((variable) => variable.name === 'SERVICE_PORT')?.setting;
      expect({ name, port }).toEqual({ name, port: { kind: 'default', value: documented } });
    }
  });

  it('keeps a shared description only for a variable some schema reads without describing it', () => {
    const undescribed = new Set(
      serviceSchemas.flatMap(({ schema }) =>
        variablesOf(schema).flatMap((variable) => (variable.description === undefined ? [variable.name] : [])),
      ),
    );
    const needless = Object.keys(sharedDescriptions).filter((name) => !undescribed.has(name));
    expect(needless).toEqual([]);
  });
});
