// Moves parcels along the tracking flow: on a timer at the configured pace, or by hand through
// the admin API for parcels on HOLD. Every step is handed to the callback dispatcher. The fault
// knobs make timed steps skip a status (skipRate) and callbacks go out twice (duplicateRate).
import type { CarrierFaults } from '../shared/faults';
import type { CallbackDispatcher } from './callbacks';
import { flowIndex, nextStatus, type FlowStatus, type Shipment, type ShipmentBook } from './shipments';

/** What progression reads of the fault knobs (a FaultInjector<CarrierFaults>). */
export interface StepFaults {
  current(): CarrierFaults;
  /** A draw for a rate knob; no draw at all when the rate is 0. */
  draw(rate: number): boolean;
}

export type AdvanceResult =
  { kind: 'advanced' } | { kind: 'cancelled' } | { kind: 'already_delivered' } | { kind: 'cannot_go_back' };

export class Progression {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly book: ShipmentBook,
    private readonly callbacks: CallbackDispatcher,
    private readonly stepMs: number,
    private readonly faults: StepFaults,
  ) {}

  /** Held parcels wait for the admin API; the others start moving at once. */
  begin(shipment: Shipment): void {
    if (!shipment.held) this.schedule(shipment);
  }

  /**
   * One step, or every step up to `target`, right now. A parcel that is not held keeps moving on
   * its timer from the new status; a held one stays where this leaves it. Never skips on its own:
   * an operator who wants a skip asks for the target (`?to=`).
   */
  advance(shipment: Shipment, target?: FlowStatus): AdvanceResult {
    if (shipment.status === 'CANCELLED') return { kind: 'cancelled' };
    const goal = target ?? nextStatus(shipment.status);
    if (goal === undefined) return { kind: 'already_delivered' };
    if (flowIndex(goal) < flowIndex(shipment.status)) return { kind: 'cannot_go_back' };
    this.clearTimer(shipment.trackingNumber);
    while (flowIndex(shipment.status) < flowIndex(goal)) this.stepAndNotify(shipment);
    if (!shipment.held) this.schedule(shipment);
    return { kind: 'advanced' };
  }

  /** Stops the timer too, so a cancelled parcel never reports another step. */
  cancel(shipment: Shipment): 'cancelled' | 'already_shipped' {
    const result = this.book.cancel(shipment);
    if (result === 'cancelled') this.clearTimer(shipment.trackingNumber);
    return result;
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(shipment: Shipment): void {
    if (nextStatus(shipment.status) === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(shipment.trackingNumber);
      this.stepAndNotify(shipment, this.drawSkip(shipment));
      this.schedule(shipment);
    }, this.stepMs);
    this.timers.set(shipment.trackingNumber, timer);
  }

  private clearTimer(trackingNumber: string): void {
    clearTimeout(this.timers.get(trackingNumber));
    this.timers.delete(trackingNumber);
  }

  /** Draws only when there are two statuses left to move through, so a skip can really happen. */
  private drawSkip(shipment: Shipment): boolean {
    const next = nextStatus(shipment.status);
    if (next === undefined || nextStatus(next) === undefined) return false;
    return this.faults.draw(this.faults.current().skipRate);
  }

  private stepAndNotify(shipment: Shipment, skip = false): void {
    const event = this.book.step(shipment, skip);
    if (!event) return;
    this.callbacks.enqueue(shipment.callbackUrl, event);
    // A copy, as a carrier that resends a webhook it believes lost sends the same body again.
    if (this.faults.draw(this.faults.current().duplicateRate))
      this.callbacks.enqueue(shipment.callbackUrl, { ...event });
  }
}
