// Inventory as a model: the real reservation decider over stock read "under lock", with the
// products table's CHECK constraints (on_hand ≥ 0, reserved ≥ 0, reserved ≤ on_hand) enforced the
// way Postgres would (the transaction fails), and the expiry worker giving back unconfirmed holds.
import type { OrderEvent } from '@kot/events';
import type { HoldRecord, StockRecord } from '@kot/invariants';
import type { Decider } from '@kot/service-kit';
import {
  productsToLock,
  reservationDecider,
} from '../../../services/inventory-service/src/reservations/reservation.decide';
import { changesOf } from '../../../services/inventory-service/src/reservations/reservation.evolve';
import type { ReservationEvent } from '../../../services/inventory-service/src/reservations/reservation.events';
import { publicEvents } from '../../../services/inventory-service/src/reservations/reservation.public';
import { requestOf } from '../../../services/inventory-service/src/reservations/reservation.requests';
import {
  linesOf,
  type InventoryCommand,
  type Reservation,
  type ReservationPolicy,
  type ReservationState,
  type StockLevel,
} from '../../../services/inventory-service/src/reservations/reservation';
import { ConsumerGroup, Outbox, type Envelope } from '../world/kafka';
import type { Action, SimContext } from '../world/context';

export const INVENTORY = 'inventory-service';

export class InventoryServiceModel {
  readonly outbox = new Outbox(INVENTORY);
  readonly group: ConsumerGroup;
  private readonly reservations = new Map<string, Reservation>();
  private readonly stock = new Map<string, StockLevel>();
  private readonly initial = new Map<string, number>();
  private readonly decider: Decider<InventoryCommand, ReservationState, ReservationEvent>;

  constructor(
    private readonly ctx: SimContext,
    policy: ReservationPolicy,
    seed: ReadonlyMap<string, number>,
  ) {
    this.group = new ConsumerGroup(INVENTORY, ctx.log);
    this.decider = reservationDecider(policy);
    for (const [productId, onHand] of seed) {
      this.stock.set(productId, { productId, onHand, reserved: 0 });
      this.initial.set(productId, onHand);
    }
  }

  /**
   * One decision in one transaction, stored as the service stores it (changesOf, publicEvents); a broken
   * constraint aborts it (nothing changes) and is reported.
   */
  execute(command: InventoryCommand): OrderEvent[] {
    const current = this.reservations.get(command.orderId) ?? { status: 'NONE' };
    const locked = new Map(
      productsToLock(current, command).flatMap((id) =>
        this.stock.has(id) ? [[id, { ...(this.stock.get(id) as StockLevel) }] as const] : [],
      ),
    );
    const state = { reservation: current, stock: locked };
    const decided = this.decider.decide(command, state);
    const stored = changesOf(state, decided);
    const next = new Map(locked);
    for (const change of stored.changes) {
      const level = next.get(change.productId) ?? { productId: change.productId, onHand: 0, reserved: 0 };
      const changed = {
        ...level,
        onHand: level.onHand + change.onHandDelta,
        reserved: level.reserved + change.reservedDelta,
      };
      if (changed.onHand < 0 || changed.reserved < 0 || changed.reserved > changed.onHand) {
        throw new Error(
          `stock constraint violated for ${change.productId} (${change.kind}: on hand ${changed.onHand}, reserved ${changed.reserved})`,
        );
      }
      next.set(change.productId, changed);
    }
    for (const [id, level] of next) this.stock.set(id, level);
    if (stored.reservation) this.reservations.set(command.orderId, stored.reservation);
    return publicEvents(decided);
  }

  consume(key: string): void {
    this.group.deliver(key, (envelope) => this.handle(envelope));
  }

  /** Holds past their expiry, as the expiry worker finds them. */
  expiring(): string[] {
    return [...this.reservations]
      .filter(([, r]) => r.status === 'HELD' && r.expiresAt <= this.ctx.now)
      .map(([id]) => id);
  }

  expiryTimes(): number[] {
    return [...this.reservations.values()].flatMap((r) => (r.status === 'HELD' ? [r.expiresAt] : []));
  }

  actions(): Action[] {
    return this.expiring().map((orderId) => ({
      label: `inventory expires the hold of ${orderId}`,
      run: () => this.emit(this.execute({ type: 'Expire', orderId, now: this.ctx.now })),
    }));
  }

  holds(): HoldRecord[] {
    return [...this.reservations].map(([orderId, r]) => ({ orderId, status: r.status, lines: linesOf(r) }));
  }

  stockRecords(): StockRecord[] {
    return [...this.stock.values()].map((s) => ({
      productId: s.productId,
      initial: this.initial.get(s.productId) ?? 0,
      onHand: s.onHand,
      reserved: s.reserved,
    }));
  }

  crash(): void {
    this.group.rewind();
  }

  private handle(envelope: Envelope): void {
    const command = requestOf(envelope.event, this.ctx.now)?.command;
    if (!command) return;
    try {
      this.emit(this.execute(command));
    } catch (error) {
      this.ctx.incident(
        `${INVENTORY} dead-lettered ${envelope.event.type} of ${envelope.event.data.orderId}: ${(error as Error).message}`,
      );
    }
  }

  private emit(events: readonly OrderEvent[]): void {
    this.outbox.append(events.map((event) => this.ctx.envelope(INVENTORY, event)));
  }
}
