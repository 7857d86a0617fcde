import { Shelf, totalOf } from './basket';
import { fakeCustomer, MIX_WEIGHTS, pickScenario, SCENARIOS, seededRandom, type Random } from './mix';

/** A fixed sequence of "random" numbers, repeated: tests name exactly what the dice say. */
const dice = (...values: number[]): Random => {
  let i = 0;
  return () => values[i++ % values.length] as number;
};

describe('mix selection', () => {
  it('realistic: the weights cut [0, 1) into happy 80 %, then 5 % for each failure scenario', () => {
    const at = (roll: number) => pickScenario('realistic', dice(roll));
    expect([0, 0.5, 0.7999].map(at)).toEqual(['happy', 'happy', 'happy']);
    expect([0.8, 0.8499].map(at)).toEqual(['outOfStock', 'outOfStock']);
    expect([0.85, 0.9, 0.95, 0.9999].map(at)).toEqual([
      'declined',
      'shippingFailure',
      'customerCancel',
      'customerCancel',
    ]);
  });

  it('happy: every roll is a happy order', () => {
    expect([0, 0.81, 0.99].map((r) => pickScenario('happy', dice(r)))).toEqual(['happy', 'happy', 'happy']);
  });

  it('realistic traffic is mostly happy and contains every scenario over a long run', () => {
    const random = seededRandom(2024);
    const counts = Object.fromEntries(SCENARIOS.map((s) => [s, 0])) as Record<string, number>;
    for (let i = 0; i < 10_000; i += 1) counts[pickScenario('realistic', random)]! += 1;
    expect(counts.happy! / 10_000).toBeCloseTo(MIX_WEIGHTS.realistic.happy / 100, 1);
    for (const scenario of SCENARIOS) expect(counts[scenario]).toBeGreaterThan(300);
  });

  it('the seeded source repeats itself for the same seed and differs for another', () => {
    const take = (seed: number) => {
      const r = seededRandom(seed);
      return [r(), r(), r()];
    };
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    expect(take(7).every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('fake customers carry the markers the simulators act on', () => {
  it.each([
    ['happy', /^SIM-\d{5}-/, /^\d+ [A-Z][a-z]+ /],
    ['declined', /^SIM-DECLINE-/, /^\d+ [A-Z][a-z]+ /],
    ['shippingFailure', /^SIM-\d{5}-/, / UNDELIVERABLE /],
    ['customerCancel', /^SIM-\d{5}-/, / HOLD /],
  ] as const)('%s', (scenario, customerId, address) => {
    const customer = fakeCustomer(scenario, dice(0.3, 0.6, 0.9), 12);
    expect(customer.customerId).toMatch(customerId);
    expect(customer.address).toMatch(address);
    expect(customer.email).toMatch(/^[a-z]+\.[a-z]+\.12@example\.com$/);
    expect(`${customer.firstName}${customer.lastName}${customer.city}`).not.toMatch(/DECLINE|UNDELIVERABLE|HOLD/);
  });
});

describe('baskets from the catalogue', () => {
  const catalogue = [
    { productId: 'PROD-001', name: 'T-Shirt', priceMinor: 1999, available: 500 },
    { productId: 'PROD-007', name: 'Monitor', priceMinor: 34999, available: 2 },
  ];

  it('uses catalogue prices, distinct products, and a total equal to the lines', () => {
    const lines = new Shelf(catalogue).happyBasket(dice(0.99, 0.0, 0.0, 0.0, 0.0));
    expect(lines).toEqual([
      { productId: 'PROD-001', quantity: 1, unitPrice: 19.99 },
      { productId: 'PROD-007', quantity: 1, unitPrice: 349.99 },
    ]);
    expect(totalOf(lines)).toBe(369.98);
    expect(totalOf([{ productId: 'X', quantity: 3, unitPrice: 0.1 }])).toBe(0.3);
  });

  it('stops offering what its own orders have already taken off the shelf', () => {
    const shelf = new Shelf(catalogue);
    const taken = Array.from({ length: 5 }, () =>
      shelf.happyBasket(dice(0, 0.5, 0.99)).filter((l) => l.productId === 'PROD-007'),
    );
    expect(taken.flat().reduce((sum, l) => sum + l.quantity, 0)).toBeLessThanOrEqual(2);
  });

  it('an out-of-stock line never exceeds what the order API accepts', () => {
    const shelf = new Shelf(catalogue);
    expect(shelf.line(shelf.anyProduct(dice(0.9)), 3)).toEqual({
      productId: 'PROD-007',
      quantity: 3,
      unitPrice: 349.99,
    });
    expect(shelf.line(shelf.anyProduct(dice(0)), 50_000).quantity).toBe(10_000);
    expect(() => new Shelf([])).toThrow('the inventory catalogue is empty');
  });
});
