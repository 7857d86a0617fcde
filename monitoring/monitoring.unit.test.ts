import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// promtool comes with the Debian `prometheus` package that scripts/lib/ensure-prerequisites.sh installs.
const here = __dirname;
const promtool = (...args: string[]): string =>
  execFileSync('promtool', args, { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const rules = readdirSync(path.join(here, 'prometheus/rules'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => path.join('prometheus/rules', f));

describe('Prometheus configuration (promtool)', () => {
  it('the scrape config is valid, rule files included', () => {
    expect(promtool('check', 'config', 'prometheus/prometheus.yml')).toMatch(/SUCCESS/);
  });

  it('every alert rule file is valid', () => {
    expect(rules.length).toBeGreaterThanOrEqual(2);
    const output = promtool('check', 'rules', ...rules);
    expect(output.match(/SUCCESS/g)).toHaveLength(rules.length);
  });

  it('promtool really rejects a broken rule (so the checks above mean something)', () => {
    let failure = '';
    try {
      execFileSync('promtool', ['check', 'rules', '/dev/stdin'], {
        input: 'groups:\n  - name: bad\n    rules:\n      - alert: Bad\n        expr: sum(rate(x[5m]) >\n',
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      failure = String((error as { stderr?: string }).stderr ?? error);
    }
    expect(failure).toMatch(/parse error|FAILED/i);
  });
});

describe('Grafana provisioning', () => {
  const datasource = readFileSync(path.join(here, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8');
  const dashboards = readdirSync(path.join(here, 'grafana/dashboards')).filter((f) => f.endsWith('.json'));

  it('every dashboard parses, has a unique uid, and queries the provisioned datasource by its uid', () => {
    expect(datasource).toMatch(/uid: prometheus/);
    const uids = dashboards.map((file) => {
      const json = JSON.parse(readFileSync(path.join(here, 'grafana/dashboards', file), 'utf8')) as {
        uid: string;
        panels: Array<{ datasource: { uid: string }; targets: Array<{ expr: string }> }>;
      };
      for (const panel of json.panels) {
        expect(panel.datasource.uid).toBe('prometheus');
        expect(panel.targets.length).toBeGreaterThan(0);
        for (const target of panel.targets) expect(target.expr).not.toMatch(/\$__/); // plain PromQL, testable against Prometheus
      }
      return json.uid;
    });
    expect(new Set(uids).size).toBe(dashboards.length);
    expect(dashboards.length).toBe(3);
  });
});
