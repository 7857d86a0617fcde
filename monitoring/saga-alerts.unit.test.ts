import { execFileSync } from 'node:child_process';
import path from 'node:path';

// promtool's rule unit test for the saga's delivery deadline alert (prometheus/tests/saga-delivery.test.yml).
describe('saga alert rules under promtool test rules', () => {
  it('SagaDeliveryOverdue fires when a confirmed order stays without parcel news for ten minutes, not for a blip', () => {
    const out = execFileSync('promtool', ['test', 'rules', path.join('prometheus/tests', 'saga-delivery.test.yml')], {
      cwd: __dirname,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toMatch(/SUCCESS/);
  });
});
