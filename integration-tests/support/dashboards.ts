import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface DashboardQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

export const DASHBOARD_DIR = path.resolve(__dirname, '../../monitoring/grafana/dashboards');

interface Panel {
  title: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}

/** Every PromQL expression of every panel (rows included) in the dashboards' JSON files. */
export function dashboardQueries(dir = DASHBOARD_DIR): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const dashboard = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { title: string; panels: Panel[] };
    const visit = (panel: Panel): void => {
      for (const target of panel.targets ?? [])
        if (target.expr) queries.push({ dashboard: dashboard.title, panel: panel.title, expr: target.expr });
      panel.panels?.forEach(visit);
    };
    dashboard.panels.forEach(visit);
  }
  return queries;
}

/** Grafana's template variables as Prometheus would see them with "All" selected. */
export function withAllSelected(expr: string): string {
  return expr.replace(/\$service\b/g, '.+');
}

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'offset',
  'bool',
  'inf',
  'nan',
]);

/**
 * The metric names an expression selects: what is left once strings, label matchers, ranges and
 * grouping clauses are removed, minus function calls (a name followed by a parenthesis) and keywords.
 */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/(?<![a-zA-Z_:])\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = bare.slice((match.index ?? 0) + match[0].length).trimStart();
    if (!after.startsWith('(') && !KEYWORDS.has(match[0].toLowerCase())) names.add(match[0]);
  }
  return [...names];
}

/** The series names a /metrics page exposes: every declared family, with a histogram's _bucket/_sum/_count. */
export function exposedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (!name) continue;
    names.add(name);
    if (type === 'histogram' || type === 'summary')
      ['_bucket', '_sum', '_count'].forEach((suffix) => names.add(name + suffix));
  }
  return names;
}
