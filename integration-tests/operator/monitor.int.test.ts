// The terminal monitor (npm run monitor) as an operator sees it: a real 80x24 tmux pane watching the
// whole system in-process while the order simulator runs, driven with keys, read from the screen.
import { join } from 'node:path';
import { eventually, freePort, STACK } from '@kot/testing';
import { main as simulate } from '../../scripts/simulate/main';
import type { Summary } from '../../scripts/simulate/report';
import { startSystem, type System } from '../support/system';
import { TmuxPane } from '../support/tmux';

const REPO = join(__dirname, '../..');
const FEED_HEADER = 'TIME     ORDER    TYPE';

let sys: System;
let systemStopped = false;
let pane: TmuxPane;

const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

async function runSimulator(args: string[]): Promise<Summary> {
  const { code, summary } = await simulate(
    [...args, '--order-url', sys.urls.order, '--inventory-url', sys.urls.inventory],
    { out: quiet, err: quiet },
  );
  expect(code).toBe(0);
  return summary as Summary;
}

/** The rows under the feed header, without the footer. */
function feedRows(screen: string): string[] {
  const lines = screen.split('\n');
  const header = lines.findIndex((l) => l.startsWith(FEED_HEADER));
  return lines.slice(header + 1, 23).filter((l) => /^\d\d:\d\d:\d\d /.test(l));
}

function line(screen: string, start: string): string {
  return screen.split('\n').find((l) => l.startsWith(start)) ?? '';
}

beforeAll(async () => {
  sys = await startSystem('e2e-monitor');
  // Nothing listens on this port: a service that is down from the start must not disturb the rest.
  const services = `order=${sys.urls.order},inventory=${sys.urls.inventory},shipping=${sys.urls.shipping},notification=http://127.0.0.1:${await freePort()}`;
  const command = [
    `cd '${REPO}' && node --import tsx scripts/monitor/cli.ts`,
    `--services '${services}'`,
    `--topic '${sys.topic}'`,
    `--brokers '${STACK.brokers.join(',')}'`,
    `--registry '${STACK.registryUrl}'`,
  ].join(' ');
  pane = await new TmuxPane().start(command, { columns: 80, rows: 24 });
});

afterAll(async () => {
  await pane?.kill();
  if (!systemStopped) await sys?.stop();
});

describe('npm run monitor', () => {
  it("shows the simulator's events, counts and services; pauses, filters, survives a stopped system, quits on q", async () => {
    await pane.waitFor(
      'the monitor to join its consumer group',
      (s) => s.includes('kafka    live  group monitor-'),
      60_000,
    );

    // Seed 23 draws all five scenarios within the first twelve orders (see the simulate test).
    const summary = await runSimulator([
      '--rate',
      '3',
      '--duration',
      '4',
      '--mix',
      'realistic',
      '--seed',
      '23',
      '--settle-timeout',
      '90',
    ]);
    const delivered = summary.outcomes.DELIVERED ?? 0;
    const cancelled = summary.outcomes.CANCELLED ?? 0;
    const finished = summary.accepted;
    expect(delivered + cancelled).toBe(finished);
    expect(delivered).toBeGreaterThan(0);
    const prefixes = new Set(summary.orderIds.map((id) => id.slice(0, 8)));
    const counts = cancelled > 0 ? `DELIVERED ${delivered}  CANCELLED ${cancelled}` : `DELIVERED ${delivered}`;
    const screen = await pane.waitFor(
      `"orders   ${counts}"`,
      (s) => line(s, 'orders ').trimEnd() === `orders   ${counts}`,
    );

    const rows = feedRows(screen);
    // 24 rows: title, rate, 2 order lines, service header + 4 services, kafka, feed header, footer; the feed fills the other 12.
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      const [, orderPrefix, type] = row.split(/\s+/);
      expect(prefixes.has(orderPrefix ?? '')).toBe(true);
      expect(type).toMatch(/^(Order|Inventory|Payment|Shipment)[A-Za-z]+$/);
    }
    expect(line(screen, 'success ')).toContain(
      `${((delivered / finished) * 100).toFixed(1)}% (${delivered}/${finished})`,
    );
    expect(line(screen, 'success ')).toMatch(/saga p50 \d/);
    expect(line(screen, 'events/s ')).toMatch(/total [1-9]\d*/);
    for (const name of ['order', 'inventory', 'shipping'])
      expect(line(screen, `${name} `)).toMatch(new RegExp(`^${name} +UP +\\d+ `));
    expect(line(screen, 'order ')).toMatch(/ closed: \S/);
    expect(line(screen, 'order ')).not.toContain('OPEN');
    expect(line(screen, 'notification ')).toMatch(/^notification +DOWN /);

    // p: the feed stays as it was while a new order's events go by; p again shows them.
    await pane.keys('p');
    const frozen = await pane.waitFor(
      'the paused marker',
      (s) => s.split('\n')[0]?.trimEnd().endsWith('PAUSED') ?? false,
    );
    const late = await runSimulator([
      '--rate',
      '1',
      '--duration',
      '1',
      '--mix',
      'happy',
      '--seed',
      '7',
      '--settle-timeout',
      '90',
    ]);
    const lateOrder = late.orderIds[0] ?? '';
    await sys.tap.waitFor(lateOrder, 'OrderDelivered');
    const stillFrozen = await pane.waitFor('a redraw with the delivery counted', (s) =>
      line(s, 'orders ').includes(`DELIVERED ${delivered + 1}`),
    );
    expect(feedRows(stillFrozen)).toEqual(feedRows(frozen));
    expect(stillFrozen).not.toContain(`${lateOrder.slice(0, 8)} `);
    await pane.keys('p');
    await pane.waitFor('the late order in the resumed feed', (s) =>
      feedRows(s).some((r) => r.includes(`${lateOrder.slice(0, 8)} OrderDelivered`)),
    );

    // /: only the chosen order's events, its terminal event among them.
    const chosen = summary.orderIds[summary.orderIds.length - 1] ?? '';
    await pane.keys('/');
    await pane.keys(chosen, true);
    await pane.keys('Enter');
    const filtered = await pane.waitFor(
      'the feed filtered to one order',
      (s) => s.includes(`filter: ${chosen.slice(0, 30)}`) && feedRows(s).length > 0,
    );
    const shownTypes = feedRows(filtered).map((r) => r.split(/\s+/));
    for (const [, orderPrefix] of shownTypes) expect(orderPrefix).toBe(chosen.slice(0, 8));
    const onTopic = new Set<string>(sys.tap.typesOf(chosen));
    for (const [, , type] of shownTypes) expect(onTopic.has(type ?? '')).toBe(true);
    expect(shownTypes.some(([, , type]) => type === 'OrderDelivered' || type === 'OrderCancelled')).toBe(true);

    // The whole system stops: every service turns DOWN, the monitor keeps running.
    await sys.stop();
    systemStopped = true;
    const down = await pane.waitFor('every service DOWN', (s) =>
      ['order', 'inventory', 'shipping'].every((n) => new RegExp(`^${n} +DOWN `, 'm').test(s)),
    );
    expect(line(down, 'orders ')).toContain('(order service DOWN: no status counts)');
    expect(await pane.exitStatus()).toBeUndefined();

    // q: exit status 0, and the alternate screen is gone without leaving an error behind.
    await pane.keys('q');
    expect(await eventually(() => pane.exitStatus(), 'the monitor to exit')).toBe(0);
    const after = await pane.screen();
    expect(after).not.toContain(FEED_HEADER);
    expect(after).not.toMatch(/error|monitor:/i);
  }, 300_000);
});
