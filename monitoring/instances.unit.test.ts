import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Issue 17: every service runs as N instances. A gauge read from the database (orders_by_status, the
// outbox backlog) or from the group's committed offsets (kafka_consumer_lag) is then one fact reported
// N times: panels take the max over instances, and a sum only over what differs (partitions). These
// tests evaluate the dashboards' own expressions with promtool over two instances, a and b, where a
// plain sum would count everything twice; per-instance counters (sum of rates) are left as they are.

interface Panel {
  title: string;
  targets: Array<{ expr: string }>;
}
interface Sample {
  labels: string;
  value: number;
}

const here = __dirname;

function panelExpr(dashboard: string, title: string): string {
  const file = path.join(here, 'grafana/dashboards', dashboard);
  const { panels } = JSON.parse(readFileSync(file, 'utf8')) as { panels: Panel[] };
  const expr = panels.find((p) => p.title === title)?.targets[0]?.expr;
  if (!expr) throw new Error(`no panel "${title}" in ${dashboard}`);
  return expr;
}

/** Both instances report the same values for the same labels: the situation with N instances. */
const twoInstances = (series: Record<string, string>) =>
  Object.entries(series).flatMap(([selector, values]) =>
    ['a', 'b'].map((instance) => ({ series: `${selector.slice(0, -1)},instance="${instance}"}`, values })),
  );

/** Runs one promql_expr_test through promtool; returns its output, or throws with it when it failed. */
function evaluate(expr: string, series: Record<string, string>, expected: Sample[]): string {
  // promtool reads YAML, and JSON is YAML: no YAML writer needed.
  const test = {
    rule_files: [],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: twoInstances(series),
        promql_expr_test: [{ expr, eval_time: '2m', exp_samples: expected }],
      },
    ],
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'kot-promql-'));
  try {
    const file = path.join(dir, 'instances.test.yml');
    writeFileSync(file, JSON.stringify(test));
    return execFileSync('promtool', ['test', 'rules', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`promtool: ${stdout}${stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ORDERS = {
  'orders_by_status{service="order-service",status="DELIVERED"}': '12x3',
  'orders_by_status{service="order-service",status="PAYING"}': '1x3',
};
const LAG = {
  'kafka_consumer_lag{service="inventory-service",group="inventory-service",topic="orders.events",partition="0"}':
    '4x3',
  'kafka_consumer_lag{service="inventory-service",group="inventory-service",topic="orders.events",partition="1"}':
    '6x3',
};
const BACKLOG = { 'outbox_backlog{service="order-service",schema="order_service"}': '40x3' };

const ordersExpected = [
  { labels: '{status="DELIVERED"}', value: 12 },
  { labels: '{status="PAYING"}', value: 1 },
];
const lagLabels = (partition: number) => `{group="inventory-service",topic="orders.events",partition="${partition}"}`;
const lagExpected = [
  { labels: lagLabels(0), value: 4 },
  { labels: lagLabels(1), value: 6 },
];

describe('dashboards with two instances of every service (promtool)', () => {
  it('Orders by status counts each order once, not once per order-service instance', () => {
    const expr = panelExpr('saga-overview.json', 'Orders by status');
    expect(evaluate(expr, ORDERS, ordersExpected)).toMatch(/SUCCESS/);
  });

  it('Consumer lag shows each partition once, not once per instance of the group', () => {
    const expr = panelExpr('kafka-outbox.json', 'Consumer lag by group and partition');
    expect(evaluate(expr, LAG, lagExpected)).toMatch(/SUCCESS/);
  });

  it('Outbox backlog shows the schema once, not once per relay', () => {
    const expr = panelExpr('kafka-outbox.json', 'Outbox backlog');
    const expected = [{ labels: '{service="order-service",schema="order_service"}', value: 40 }];
    expect(evaluate(expr, BACKLOG, expected)).toMatch(/SUCCESS/);
  });

  it('the expressions before issue 17 fail these very cases (so the checks above mean something)', () => {
    const ordersBefore = 'sum by (status) (orders_by_status{service="order-service"})';
    expect(() => evaluate(ordersBefore, ORDERS, ordersExpected)).toThrow(/FAILED/);
    const lagBefore = 'sum by (group, partition) (kafka_consumer_lag)';
    const lagBeforeExpected = lagExpected.map((s) => ({
      ...s,
      labels: s.labels.replace(',topic="orders.events"', ''),
    }));
    expect(() => evaluate(lagBefore, LAG, lagBeforeExpected)).toThrow(/FAILED/);
  });
});

describe('alert rules with two instances of every service (promtool test rules)', () => {
  it('ConsumerLagGrowing sums a group lag over partitions once, not over instances', () => {
    const out = execFileSync('promtool', ['test', 'rules', path.join('prometheus/tests', 'consumer-lag.test.yml')], {
      cwd: here,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toMatch(/SUCCESS/);
  });
});
