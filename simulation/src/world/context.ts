// What every model shares: simulated time, deterministic ids, the event log, and the record of
// anything that went wrong on the way (dead letters, broken constraints) for the verdict.
import type { OrderEvent } from '@kot/events';
import { EventLog, type Envelope } from './kafka';

export class SimContext {
  now = 0;
  private seq = 0;
  readonly log = new EventLog();
  /** Problems seen while running (a handler that threw, a constraint broken): each fails the schedule. */
  readonly incidents: string[] = [];

  constructor(readonly start: number) {
    this.now = start;
  }

  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}-${this.seq}`;
  }

  envelope(producer: string, event: OrderEvent): Envelope {
    return { eventId: this.nextId('evt'), producer, occurredAt: this.now, event };
  }

  incident(text: string): void {
    this.incidents.push(text);
  }
}

/** Something the scheduler may do next: a readable label (for traces) and the step itself. */
export interface Action {
  label: string;
  run: () => void;
}

/** A pending timer: the next moment something becomes due (for advancing time). */
export type Timer = number | null;

export function earliest(times: readonly Timer[], after: number): number | null {
  const future = times.filter((t): t is number => t !== null && t > after);
  return future.length === 0 ? null : Math.min(...future);
}
