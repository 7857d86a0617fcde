// The rules of a .dockerignore, for the tests that stand in for `docker build` (no engine on these machines).
// Docker matches each pattern against the path from the context root (`*` within one segment, `**` across
// any number, a leading `!` re-includes); the last matching pattern decides, and a path is excluded with
// its folder. Only that subset is supported, which is all the repository's .dockerignore uses.

interface Rule {
  pattern: RegExp;
  include: boolean;
}

function toRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .map((segment) =>
      segment === '**'
        ? '(?:.*)'
        : segment
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
    )
    .join('/')
    .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
  return new RegExp(`^${body}$`);
}

export function parseDockerignore(text: string): Rule[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => ({ include: line.startsWith('!'), pattern: toRegExp(line.replace(/^!/, '')) }));
}

/** True when `relativePath` (from the context root, `/`-separated) or one of its folders is excluded. */
export function isIgnored(rules: readonly Rule[], relativePath: string): boolean {
  const segments = relativePath.split('/');
  for (let depth = 1; depth <= segments.length; depth++) {
    const prefix = segments.slice(0, depth).join('/');
    let ignored = false;
    for (const rule of rules) if (rule.pattern.test(prefix)) ignored = !rule.include;
    if (ignored) return true;
  }
  return false;
}
