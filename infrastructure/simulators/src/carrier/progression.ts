// Moves parcels along the tracking flow: on a timer at the configured pace, or by hand through
// the admin API for parcels on HOLD. Every step is handed to the callback dispatcher.
import type { CallbackDispatcher } from './callbacks';
import { flowIndex, nextStatus, type FlowStatus, type Shipment, type ShipmentBook } from './shipments';

export type AdvanceResult = { kind: 'advanced' } | { kind: 'cancelled' } | { kind: 'already_delivered' } | { kind: 'cannot_go_back' };

export class Progression {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly book: ShipmentBook,
    private readonly callbacks: CallbackDispatcher,
    private readonly stepMs: number,
  ) {}

  /** Held parcels wait for the admin API; the others start moving at once. */
  begin(shipment: Shipment): void {
    if (!shipment.held) this.schedule(shipment);
  }

  /**
   * One step, or every step up to `target`, right now. A parcel that is not held keeps moving on
   * its timer from the new status; a held one stays where this leaves it.
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
      this.stepAndNotify(shipment);
      this.schedule(shipment);
    }, this.stepMs);
    this.timers.set(shipment.trackingNumber, timer);
  }

  private clearTimer(trackingNumber: string): void {
    clearTimeout(this.timers.get(trackingNumber));
    this.timers.delete(trackingNumber);
  }

  private stepAndNotify(shipment: Shipment): void {
    const event = this.book.step(shipment);
    if (event) this.callbacks.enqueue(shipment.callbackUrl, event);
  }
}
