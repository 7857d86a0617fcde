// What each simulated order is meant to exercise, and the fake customer and basket that make it do so.
// The simulators decide from markers in the order: a customerId containing DECLINE is declined, an
// address containing UNDELIVERABLE fails at the carrier, an address containing HOLD is parked at the
// carrier (so the simulator can cancel it once CONFIRMED).

export const MIXES = ['realistic', 'happy'] as const;
export type MixName = (typeof MIXES)[number];

export const SCENARIOS = ['happy', 'outOfStock', 'declined', 'shippingFailure', 'customerCancel'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Relative weights; realistic traffic is mostly orders that simply get delivered. */
export const MIX_WEIGHTS: Record<MixName, Record<Scenario, number>> = {
  realistic: { happy: 80, outOfStock: 5, declined: 5, shippingFailure: 5, customerCancel: 5 },
  happy: { happy: 100, outOfStock: 0, declined: 0, shippingFailure: 0, customerCancel: 0 },
};

/** A source of uniform numbers in [0, 1): Math.random in a run, a fixed sequence in tests. */
export type Random = () => number;

/** mulberry32: a tiny seeded generator, so `--seed` repeats a run order for order. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function pickScenario(mix: MixName, random: Random): Scenario {
  const weights = MIX_WEIGHTS[mix];
  const total = SCENARIOS.reduce((sum, s) => sum + weights[s], 0);
  let roll = random() * total;
  for (const scenario of SCENARIOS) {
    roll -= weights[scenario];
    if (roll < 0) return scenario;
  }
  return 'happy';
}

const pick = <T>(items: readonly T[], random: Random): T =>
  items[Math.min(items.length - 1, Math.floor(random() * items.length))] as T;

const FIRST = [
  'Amara',
  'Bjorn',
  'Chen',
  'Dolores',
  'Emeka',
  'Farah',
  'Giulia',
  'Hiroshi',
  'Ingrid',
  'Jamal',
  'Keiko',
  'Luis',
  'Maya',
  'Nikolai',
  'Olivia',
  'Priya',
];
const LAST = [
  'Okafor',
  'Lindqvist',
  'Wei',
  'Ramirez',
  'Nwosu',
  'Haddad',
  'Rossi',
  'Tanaka',
  'Berg',
  'Williams',
  'Sato',
  'Moreno',
  'Patel',
  'Ivanov',
  'Brown',
  'Iyer',
];
const STREETS = [
  'Maple Avenue',
  'Harbor Road',
  'Elm Street',
  'Cedar Lane',
  'Sunset Boulevard',
  'Mill Road',
  'Park Place',
  'River Drive',
];
const CITIES: ReadonlyArray<[string, string, string]> = [
  ['Portland', 'OR', '97205'],
  ['Austin', 'TX', '78701'],
  ['Denver', 'CO', '80202'],
  ['Madison', 'WI', '53703'],
  ['Raleigh', 'NC', '27601'],
  ['Boise', 'ID', '83702'],
  ['Tucson', 'AZ', '85701'],
  ['Burlington', 'VT', '05401'],
];

export interface CustomerInfo {
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  address: string;
  city: string;
  state: string;
  zipCode: string;
}

/** A plausible customer; the scenario's marker goes into the customerId or the street address. */
export function fakeCustomer(scenario: Scenario, random: Random, sequence: number): CustomerInfo {
  const firstName = pick(FIRST, random);
  const lastName = pick(LAST, random);
  const [city, state, zipCode] = pick(CITIES, random);
  const number = 1 + Math.floor(random() * 998);
  const street = pick(STREETS, random);
  const marker = scenario === 'shippingFailure' ? 'UNDELIVERABLE ' : scenario === 'customerCancel' ? 'HOLD ' : '';
  const id = `${String(sequence).padStart(5, '0')}-${Math.floor(random() * 1e6)
    .toString(36)
    .toUpperCase()}`;
  return {
    customerId: scenario === 'declined' ? `SIM-DECLINE-${id}` : `SIM-${id}`,
    firstName,
    lastName,
    email: `${firstName}.${lastName}.${sequence}@example.com`.toLowerCase(),
    phone: `+1-555-${String(100 + Math.floor(random() * 900))}-${String(1000 + Math.floor(random() * 9000))}`,
    address: `${number} ${marker}${street}`,
    city,
    state,
    zipCode,
  };
}
