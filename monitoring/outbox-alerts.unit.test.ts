import { execFileSync } from 'node:child_process';
import path from 'node:path';

// promtool's rule unit tests (prometheus/tests/*.test.yml) evaluate the alert rules over synthetic series:
// here, OutboxEventsParked fires while outbox rows are parked and stays quiet when none are.
const run = (file: string): string =>
  execFileSync('promtool', ['test', 'rules', file], {
    cwd: __dirname,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('alert rules under promtool test rules', () => {
  it('OutboxEventsParked fires for parked outbox events (gauge or counter) and only then', () => {
    expect(run(path.join('prometheus/tests', 'outbox-parked.test.yml'))).toMatch(/SUCCESS/);
  });

  it('promtool really fails a rule test whose expectation is wrong (so the check above means something)', () => {
    // An absolute rule path: promtool resolves relative ones against the test file's folder (/dev here).
    const wrong = `rule_files: [${path.join(__dirname, 'prometheus/rules/platform.yml')}]\ntests:\n  - interval: 1m\n    input_series: []\n    alert_rule_test:\n      - eval_time: 1m\n        alertname: OutboxEventsParked\n        exp_alerts: [{ exp_labels: { severity: critical } }]\n`;
    let failure = '';
    try {
      execFileSync('promtool', ['test', 'rules', '/dev/stdin'], {
        cwd: __dirname,
        input: wrong,
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      failure =
        String((error as { stdout?: string }).stdout ?? '') + String((error as { stderr?: string }).stderr ?? '');
    }
    expect(failure).toMatch(/FAILED/);
    expect(failure).not.toMatch(/no file match/);
  });
});
