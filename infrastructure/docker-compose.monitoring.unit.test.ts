// Monitoring inside docker-compose.yml: Prometheus must scrape the services by their compose names (127.0.0.1
// in a container is the container itself), with the native jobs, labels and alert rules, and Grafana must
// ask that Prometheus. The compose files are separate from the native ones, so this keeps them equal apart
// from the addresses.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { Compose, REPO_ROOT } from './docker/compose';
import { parseStackEnv, stackValue } from './native/stack-env';

interface ScrapeConfig {
  job_name: string;
  static_configs: Array<{ targets: string[]; labels?: Record<string, string> }>;
}
interface PrometheusConfig {
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
}

const compose = new Compose();
const stack = parseStackEnv(readFileSync(path.join(__dirname, 'stack.env'), 'utf8'));
const at = (key: string): string => stackValue(stack, key);
const monitoring = (file: string) => path.join(REPO_ROOT, 'monitoring', file);
const yamlOf = <T>(file: string): T => parse(readFileSync(monitoring(file), 'utf8')) as T;

const native = yamlOf<PrometheusConfig>('prometheus/prometheus.yml');
const inCompose = yamlOf<PrometheusConfig>('prometheus/prometheus.compose.yml');
const targets = (config: PrometheusConfig): string[] =>
  config.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets));
/** The config with every target replaced by its port: what must not differ between the two files. */
const withoutHosts = (config: PrometheusConfig): PrometheusConfig =>
  JSON.parse(JSON.stringify(config).replace(/"[\w.-]+:(\d+)"/g, '"*:$1"')) as PrometheusConfig;

describe('Prometheus in docker-compose.yml', () => {
  it('mounts prometheus.compose.yml as its config and the alert rules where rule_files looks', () => {
    expect(compose.bindSource('prometheus', '/etc/prometheus/prometheus.yml')).toBe(
      monitoring('prometheus/prometheus.compose.yml'),
    );
    expect(inCompose.rule_files).toEqual(['rules/*.yml']);
    expect(compose.bindSource('prometheus', '/etc/prometheus/rules')).toBe(monitoring('prometheus/rules'));
    expect(compose.service('prometheus').command).toContain(`--web.listen-address=:${at('PROMETHEUS_PORT')}`);
  });

  it('has the native jobs, labels, intervals and rules, only the target hosts differ', () => {
    expect(withoutHosts(inCompose)).toEqual(withoutHosts(native));
    expect(targets(native).every((t) => t.startsWith(`${at('STACK_HOST')}:`))).toBe(true);
  });

  it('scrapes each compose service on a port it listens on, and labels a service with its own name', () => {
    for (const target of targets(inCompose)) {
      const [host = '', port = ''] = target.split(':');
      expect(compose.services[host] ? compose.listens(host) : `no compose service ${host}`).toContain(port);
    }
    const services = inCompose.scrape_configs.find((job) => job.job_name === 'services')?.static_configs ?? [];
    expect(services.map((c) => [c.labels?.service, c.targets[0]?.split(':')[0]])).toEqual(
      services.map((c) => [c.labels?.service, c.labels?.service]),
    );
    expect(services).toHaveLength(5);
  });

  it('passes promtool check config, rule files included', () => {
    const output = execFileSync('promtool', ['check', 'config', 'prometheus/prometheus.compose.yml'], {
      cwd: monitoring(''),
      encoding: 'utf8',
    });
    expect(output).toMatch(/SUCCESS: 2 rule files found/);
  });
});

describe('Grafana in docker-compose.yml', () => {
  const nativeSource = yamlOf<{ datasources: Array<Record<string, unknown>> }>(
    'grafana/provisioning/datasources/prometheus.yml',
  );
  const composeSource = yamlOf<{ datasources: Array<Record<string, unknown>> }>('grafana/datasource.compose.yml');

  it("asks the compose network's Prometheus, otherwise provisioned as natively", () => {
    expect(composeSource.datasources[0]?.url).toBe(`http://prometheus:${at('PROMETHEUS_PORT')}`);
    expect(compose.listens('prometheus')).toContain(at('PROMETHEUS_PORT'));
    const [nativeOne, composeOne] = [nativeSource, composeSource].map((s) => ({ ...s.datasources[0], url: '*' }));
    expect(composeOne).toEqual(nativeOne);
  });

  it('mounts that datasource, the dashboard provider and the dashboards where the provider looks', () => {
    expect(compose.bindSource('grafana', '/etc/grafana/provisioning/datasources/prometheus.yml')).toBe(
      monitoring('grafana/datasource.compose.yml'),
    );
    expect(compose.bindSource('grafana', '/etc/grafana/provisioning/dashboards')).toBe(
      monitoring('grafana/provisioning/dashboards'),
    );
    const provider = readFileSync(monitoring('grafana/provisioning/dashboards/kot.yml'), 'utf8');
    const dashboards = /path: (\S+)/.exec(provider)?.[1] ?? '';
    expect(compose.bindSource('grafana', dashboards)).toBe(monitoring('grafana/dashboards'));
    expect(compose.env('grafana').GF_SERVER_HTTP_PORT).toBe(at('GRAFANA_PORT'));
  });

  it('publishes Prometheus and Grafana on their stack.env ports', () => {
    expect(compose.published('prometheus').map((p) => p.hostPort)).toEqual([at('PROMETHEUS_PORT')]);
    expect(compose.published('grafana').map((p) => p.hostPort)).toEqual([at('GRAFANA_PORT')]);
  });
});
