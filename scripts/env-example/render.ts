// Writes sections of variables as env-file text: every assignment commented out, since each shows
// what the service already does when the variable is unset, except required ones, which have no value.
import type { EnvVariable } from './env-variables';

export interface Section {
  title: string;
  /** Where the variables come from, so a reader knows which file to change. */
  source: string;
  variables: EnvVariable[];
}

const WIDTH = 100;
const RULE = `# ${'-'.repeat(WIDTH - 2)}`;

export function renderSections(sections: Section[]): string {
  return sections.map(renderSection).join('\n');
}

function renderSection(section: Section): string {
  const header = [RULE, ...comment(section.title), ...comment(section.source), RULE];
  const blocks = section.variables.map((variable) => variableLines(variable).join('\n'));
  return `${header.join('\n')}\n${blocks.join('\n\n')}\n`;
}

function variableLines(variable: EnvVariable): string[] {
  const about = variable.description === undefined ? [] : comment(variable.description);
  const { setting } = variable;
  switch (setting.kind) {
    case 'default':
      return [...about, `# ${variable.name}=${quoted(setting.value)}`];
    case 'optional':
      return [...about, `# ${variable.name}=`];
    case 'required':
      return [...about, '# required', `${variable.name}=`];
    default: {
      const unknown: never = setting;
      throw new Error(`unknown setting ${JSON.stringify(unknown)}`);
    }
  }
}

const PLAIN = /^[\w.,:/@?&=+%-]*$/;

/**
 * Values with spaces or quotes are quoted so that env-file readers (dotenv, docker compose,
 * node --env-file) take the whole value; none of them agree on escapes, so a value that would need
 * one is refused rather than written wrong.
 */
export function quoted(value: string): string {
  if (PLAIN.test(value)) return value;
  if (!value.includes("'")) return `'${value}'`;
  if (!/["$`\\]/.test(value)) return `"${value}"`;
  throw new Error(`cannot quote ${value} for an env file without an escape`);
}

/** Wraps text into `# ` lines no wider than the section rules. */
export function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '#' && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = '#';
    }
    line = `${line} ${word}`;
  }
  return line === '#' ? lines : [...lines, line];
}
