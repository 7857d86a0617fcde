// The order simulator (npm run simulate) against the whole system in-process: its summary must agree
// with what the orders API says happened to every order it placed.
import { main } from '../../scripts/simulate/main';
import type { Summary } from '../../scripts/simulate/report';
import { getJson } from '../support/http';
import { startSystem, type System } from '../support/system';

let sys: System;
beforeAll(async () => {
  sys = await startSystem('e2e-simulate');
});
afterAll(async () => {
  await sys?.stop();
});

const EXPECTED_BY_SCENARIO: Record<string, string> = {
  happy: 'DELIVERED',
  outOfStock: 'CANCELLED(OUT_OF_STOCK)',
  declined: 'CANCELLED(PAYMENT_DECLINED)',
  shippingFailure: 'CANCELLED(SHIPPING_FAILED)',
  customerCancel: 'CANCELLED(CUSTOMER_REQUEST)',
};

function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

describe('npm run simulate', () => {
  it('places 3 orders a second for 4 s, follows each to its end, and its summary matches the orders API', async () => {
    const output: string[] = [];
    const sink = {
      write: (text: string) => {
        output.push(text);
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    // Seed 23 draws all five scenarios within the first twelve orders (see mix.unit.test.ts for the mix itself).
    const { code, summary } = await main(
      [
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
        '--order-url',
        sys.urls.order,
        '--inventory-url',
        sys.urls.inventory,
      ],
      { out: sink, err: sink },
    );

    expect(output.join('')).toContain('summary after');
    expect(code).toBe(0);
    const result = summary as Summary;
    expect(result.sent).toBe(12);
    expect(result.accepted + Object.values(result.rejected).reduce((a, b) => a + b, 0)).toBe(result.sent);
    expect(result.accepted).toBe(12);

    // The API's view: exactly the accepted orders exist (this file has its own database), each finished.
    const listed = await getJson(`${sys.urls.order}/api/v1/orders?limit=100`);
    expect(listed.orders.map((o: { orderId: string }) => o.orderId).sort()).toEqual([...result.orderIds].sort());
    const orders = await Promise.all(result.orderIds.map((id) => getJson(`${sys.urls.order}/api/v1/orders/${id}`)));
    expect(tally(orders.map((o) => o.status))).toEqual(result.outcomes);
    expect(tally(orders.filter((o) => o.status === 'CANCELLED').map((o) => o.cancellation.reason))).toEqual(
      result.cancellationReasons,
    );

    // Every scenario ended the way its marker says it should.
    expect(Object.keys(result.byScenario).sort()).toEqual(Object.keys(EXPECTED_BY_SCENARIO).sort());
    for (const [scenario, outcomes] of Object.entries(result.byScenario)) {
      expect(Object.keys(outcomes ?? {})).toEqual([EXPECTED_BY_SCENARIO[scenario]]);
    }
  });
});
