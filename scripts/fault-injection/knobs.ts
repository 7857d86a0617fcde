// The simulators' fault knobs (PUT /admin/faults) as several faults share them. A PUT replaces every
// knob (an omitted one goes back to off), so two faults on one simulator would undo each other:
// here each fault owns its knobs, and every change PUTs the union of what all active faults want.
import type { IsolatedStack } from './stack';

export type Simulator = 'payment-simulator' | 'carrier-simulator' | 'mail-catcher';
export type Knobs = Record<string, number | boolean | null>;

const PORT_KEY: Record<Simulator, string> = {
  'payment-simulator': 'PAYMENT_SIMULATOR_PORT',
  'carrier-simulator': 'CARRIER_SIMULATOR_PORT',
  'mail-catcher': 'MAIL_HTTP_PORT',
};

/** Two faults asking for the same knob get the harsher value: the later outage end, the longer delay, a flag if either sets it. */
export function mergeKnobs(wanted: readonly Knobs[]): Knobs {
  const merged: Knobs = {};
  for (const knobs of wanted) {
    for (const [key, value] of Object.entries(knobs)) {
      const before = merged[key];
      if (typeof value === 'number' && typeof before === 'number') merged[key] = Math.max(before, value);
      else if (typeof value === 'boolean' && typeof before === 'boolean') merged[key] = before || value;
      else if (before === undefined || before === null) merged[key] = value;
    }
  }
  return merged;
}

/** Knobs the simulator's answer does not echo back: it does not know them, so the fault would silently not happen. */
export function ignoredKnobs(sent: Knobs, answer: Record<string, unknown>): string[] {
  return Object.keys(sent).filter((key) => !(key in answer));
}

export class SimulatorKnobs {
  private readonly owners = new Map<Simulator, Map<string, Knobs>>();
  private readonly queues = new Map<Simulator, Promise<void>>();
  /** Simulators stopped on purpose: their knobs are only recorded, and applied when they are back. */
  private readonly paused = new Set<Simulator>();

  constructor(private readonly stack: IsolatedStack) {}

  pause(simulator: Simulator): void {
    this.paused.add(simulator);
  }

  /** A restarted simulator starts with its knobs off: put back what the active faults want. */
  async resume(simulator: Simulator): Promise<void> {
    this.paused.delete(simulator);
    if ((this.owners.get(simulator)?.size ?? 0) > 0) await this.apply(simulator);
  }

  /** Sets (or, with null, drops) one fault's knobs on a simulator and applies the union; rejects when the simulator refuses or ignores one. */
  async set(simulator: Simulator, owner: string, knobs: Knobs | null): Promise<void> {
    const owned = this.owners.get(simulator) ?? new Map<string, Knobs>();
    const before = owned.get(owner);
    if (knobs) owned.set(owner, knobs);
    else owned.delete(owner);
    this.owners.set(simulator, owned);
    if (this.paused.has(simulator)) return;
    try {
      await this.apply(simulator);
    } catch (error) {
      // Knobs that were refused must leave the union, or every later PUT on this simulator would carry them and fail too.
      if (knobs) {
        if (before) owned.set(owner, before);
        else owned.delete(owner);
        await this.apply(simulator).catch(() => undefined);
      }
      throw error;
    }
  }

  /** One PUT at a time per simulator, each sending the union as it is when its turn comes, so the last state wins. */
  private apply(simulator: Simulator): Promise<void> {
    const previous = this.queues.get(simulator) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => this.put(simulator, mergeKnobs([...(this.owners.get(simulator)?.values() ?? [])])));
    this.queues.set(simulator, next);
    return next;
  }

  /** Tried a few times: on a busy machine one call may time out. */
  private async put(simulator: Simulator, knobs: Knobs): Promise<void> {
    const url = `http://127.0.0.1:${this.stack.env[PORT_KEY[simulator]]}/admin/faults`;
    let problem = '';
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      let answer: { status: number; body: Record<string, unknown> };
      try {
        const response = await fetch(url, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(knobs),
          signal: AbortSignal.timeout(15_000),
        });
        answer = {
          status: response.status,
          body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
        };
      } catch (error) {
        problem = (error as Error).message;
        continue;
      }
      if (answer.status !== 200) {
        problem = `answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`;
        continue;
      }
      const ignored = ignoredKnobs(knobs, answer.body);
      if (ignored.length > 0)
        throw new Error(`PUT /admin/faults on ${simulator}: the simulator does not know ${ignored.join(', ')}`);
      return;
    }
    throw new Error(`PUT /admin/faults on ${simulator}: ${problem}`);
  }
}
