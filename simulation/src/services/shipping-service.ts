// Shipping as a model: the real shipment decider wrapped as shipment-commands.ts, shipment-store.ts
// and shipment-worker.ts wrap it: consumer commands, a leased worker that calls the carrier with no
// transaction open and records the answer, and the carrier's tracking webhook.
import type { OrderEvent } from '@kot/events';
import { AppError, foldEvents } from '@kot/service-kit';
import { shipmentDecider } from '../../../services/shipping-service/src/shipments/shipment.decide';
import { publicEvents } from '../../../services/shipping-service/src/shipments/shipment.public';
import type { Shipment, ShipmentCommand } from '../../../services/shipping-service/src/shipments/shipment';
import { ConsumerGroup, Outbox, type Envelope } from '../world/kafka';
import type { Action, SimContext } from '../world/context';
import type { Wire } from '../world/wire';
import type { CarrierReply, CarrierRequest, TrackedStatus } from '../world/carrier';

export const SHIPPING = 'shipping-service';

interface Row {
  shipment: Shipment;
  dueAt: number | null;
  attempts: number;
}

export interface ShippingOptions {
  leaseMs: number;
  maxBackoffMs: number;
  undeliverable: ReadonlySet<string>;
}

export class ShippingServiceModel {
  readonly outbox = new Outbox(SHIPPING);
  readonly group: ConsumerGroup;
  private readonly rows = new Map<string, Row>();

  constructor(
    private readonly ctx: SimContext,
    private readonly carrier: Wire<CarrierRequest, CarrierReply>,
    private readonly options: ShippingOptions,
  ) {
    this.group = new ConsumerGroup(SHIPPING, ctx.log);
  }

  consume(key: string): void {
    this.group.deliver(key, (envelope) => this.handle(envelope));
  }

  /** The carrier's webhook for one order's parcel: 200, 404, 409 or 503 (the carrier retries a 503). */
  tracking(orderId: string, trackingNumber: string, status: TrackedStatus): number {
    if (!this.rows.has(orderId)) return 404;
    try {
      this.apply(orderId, { type: 'RecordTracking', trackingNumber, status, location: null, occurredAt: this.ctx.now });
      return 200;
    } catch (error) {
      if (error instanceof AppError) return error.status;
      throw error;
    }
  }

  dueTimes(): Array<number | null> {
    return [...this.rows.values()].map((row) => (row.shipment.work ? row.dueAt : null));
  }

  actions(): Action[] {
    return [...this.rows]
      .filter(([, row]) => row.shipment.work !== null && row.dueAt !== null && row.dueAt <= this.ctx.now)
      .map(([orderId, row]) => ({
        label: `shipping worker runs ${row.shipment.work} for ${orderId}`,
        run: () => this.work(orderId),
      }));
  }

  crash(): void {
    this.carrier.crash(SHIPPING);
    this.group.rewind();
  }

  /**
   * shipment-worker.ts: BOOK books; a CANCEL or VOID with no booking recorded books again under the same
   * key (which finds a booking whose reply was lost) and then cancels it in the same pass.
   */
  private work(orderId: string): void {
    const row = this.rows.get(orderId) as Row;
    row.dueAt = this.ctx.now + this.options.leaseMs;
    const work = row.shipment.work;
    const failed = () => this.backOff(orderId, work);
    const resolving = (w: Shipment['work']) => w === 'VOID' || w === 'CANCEL';
    if (work === 'BOOK' || (resolving(work) && !row.shipment.booking)) {
      this.carrier.send(
        SHIPPING,
        `book ${orderId}`,
        { kind: 'book', orderId, undeliverable: this.options.undeliverable.has(orderId) },
        (reply) => {
          this.apply(orderId, this.commandFor(reply));
          const after = this.rows.get(orderId)?.shipment;
          if (resolving(work) && resolving(after?.work ?? null) && after?.booking)
            this.cancelAtCarrier(orderId, after.booking.trackingNumber, failed);
        },
        failed,
      );
      return;
    }
    if (!row.shipment.booking) return failed();
    this.cancelAtCarrier(orderId, row.shipment.booking.trackingNumber, failed);
  }

  private cancelAtCarrier(orderId: string, trackingNumber: string, failed: () => void): void {
    this.carrier.send(
      SHIPPING,
      `cancel ${orderId}`,
      { kind: 'cancel', trackingNumber },
      (reply) => this.apply(orderId, this.commandFor(reply)),
      failed,
    );
  }

  private commandFor(reply: CarrierReply): ShipmentCommand {
    const now = this.ctx.now;
    switch (reply.kind) {
      case 'booked':
        return {
          type: 'RecordBooking',
          booking: {
            carrier: 'SimExpress',
            trackingNumber: reply.trackingNumber,
            carrierRef: reply.trackingNumber,
            estimatedDeliveryAt: reply.estimatedDeliveryAt,
          },
          now,
        };
      case 'refused':
        return { type: 'RecordRefusal', reason: reply.reason, now };
      case 'cancelled':
      case 'unknown-parcel':
        return { type: 'RecordCarrierCancel', now };
      case 'already-shipped':
        return { type: 'RecordCancelRefused', carrierStatus: reply.status, now };
    }
  }

  /** Only if the row still owes the same work: a cancel may have replaced it meanwhile. */
  private backOff(orderId: string, work: Shipment['work']): void {
    const row = this.rows.get(orderId);
    if (!row || row.shipment.work !== work) return;
    row.dueAt = this.ctx.now + Math.min(this.options.maxBackoffMs, 250 * 2 ** Math.min(row.attempts, 16));
    row.attempts += 1;
  }

  private handle(envelope: Envelope): void {
    const { event } = envelope;
    const orderId = event.data.orderId;
    const now = this.ctx.now;
    try {
      if (event.type === 'ShipmentRequested')
        this.apply(orderId, { type: 'RequestShipment', orderId, newShipmentId: this.ctx.nextId('shp'), now });
      if (event.type === 'ShipmentCancellationRequested')
        this.apply(orderId, { type: 'CancelShipment', orderId, newShipmentId: this.ctx.nextId('shp'), now });
    } catch (error) {
      this.ctx.incident(`${SHIPPING} dead-lettered ${event.type} of ${orderId}: ${(error as Error).message}`);
    }
  }

  /**
   * shipment-commands.handleCommand + shipment-store.saveDecision: the row is written when the events
   * changed the shipment (an answer leaves the state object as it was); new work is due at once,
   * unchanged work keeps its lease.
   */
  private apply(orderId: string, command: ShipmentCommand): void {
    const previous = this.rows.get(orderId);
    const state = previous?.shipment ?? shipmentDecider.initialState();
    const decided = shipmentDecider.decide(command, state);
    const next = foldEvents(shipmentDecider, decided, state);
    if (next && next !== state) {
      const workChanged = !previous || previous.shipment.work !== next.work;
      const dueAt = workChanged ? (next.work ? this.ctx.now : null) : (previous?.dueAt ?? null);
      this.rows.set(orderId, { shipment: next, dueAt, attempts: workChanged ? 0 : (previous?.attempts ?? 0) });
    }
    this.emit(publicEvents(decided));
  }

  private emit(events: readonly OrderEvent[]): void {
    this.outbox.append(events.map((event) => this.ctx.envelope(SHIPPING, event)));
  }
}
