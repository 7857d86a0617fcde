// The generators fast-check draws from: a scenario (orders, stock, timing) and a schedule (a list of
// choices, each picking one of the actions possible at that step). Shrinking makes both smaller, so a
// failure is reported as a short scenario and a short, readable trace.
import fc from 'fast-check';
import type { OrderLine } from '@kot/events';
import type { Scenario, ScenarioOrder } from './scenario';

const line = (): fc.Arbitrary<OrderLine> =>
  fc.record({
    productId: fc.constantFrom('P1', 'P2'),
    quantity: fc.integer({ min: 1, max: 2 }),
    unitPriceMinor: fc.integer({ min: 100, max: 5_000 }),
  });

const order = (index: number): fc.Arbitrary<ScenarioOrder> =>
  fc.record({
    orderId: fc.constant(`o${index + 1}`),
    lines: fc.array(line(), { minLength: 1, maxLength: 2 }),
    declines: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    undeliverable: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  });

export const scenarioArb: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: 3 }).chain((count) =>
  fc.record({
    orders: fc.tuple(...Array.from({ length: count }, (_, i) => order(i))),
    stock: fc
      .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }))
      .map(([p1, p2]): Array<[string, number]> => [
        ['P1', p1],
        ['P2', p2],
      ]),
    reservationTtlMs: fc.constantFrom(5_000, 45_000, 900_000),
    policy: fc.constantFrom(60_000, 3 * 86_400_000).map((deliveryDeadlineMs) => ({
      replyTimeoutMs: 30_000,
      maxAttempts: 3,
      maxCompensationBackoffMs: 300_000,
      deliveryDeadlineMs,
    })),
  }),
);

/**
 * A schedule alternates stretches where the system runs on by itself (`calm`: the first healthy
 * action, n times) with single picks among everything possible, faults included (`pick`: an index
 * mod the number of actions). Calm stretches carry an order deep into its saga cheaply, so faults,
 * cancels and crashes land at every step instead of mostly at the start.
 */
export type Choice = { calm: number } | { pick: number };

export const scheduleArb: fc.Arbitrary<Choice[]> = fc.array(
  fc.oneof(
    { arbitrary: fc.record({ calm: fc.integer({ min: 1, max: 40 }) }), weight: 1 },
    { arbitrary: fc.record({ pick: fc.nat({ max: 1_000 }) }), weight: 3 },
  ),
  { maxLength: 60 },
);
