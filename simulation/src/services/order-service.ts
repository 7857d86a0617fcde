// The order service as a model: the real saga decider and pending-work policy, wrapped the
// way saga-executor.ts and saga-scheduler.ts wrap them (one transaction per step: load the snapshot,
// decide, append, outbox, project the row with its due work). Only Postgres and HTTP are modelled.
import type { OrderEvent } from '@kot/events';
import { AppError, foldEvents } from '@kot/service-kit';
import { isObserved, timed, untimed } from '../../../services/order-service/src/saga/order.events';
import { initialState, type OrderState } from '../../../services/order-service/src/saga/order.state';
import type { SagaCommand } from '../../../services/order-service/src/saga/saga.commands';
import { orderDecider } from '../../../services/order-service/src/saga/saga.decide';
import {
  pendingWork,
  workFor,
  type PendingAction,
  type SagaPolicy,
} from '../../../services/order-service/src/saga/saga.policy';
import { ConsumerGroup, Outbox, type Envelope } from '../world/kafka';
import type { Action, SimContext } from '../world/context';
import type { Wire } from '../world/wire';
import type { PaymentReply, PaymentRequest } from '../world/payment-provider';

export const ORDER = 'order-service';

/** The orders row: the snapshot is `states`; this is the scheduler's part of it. */
interface Row {
  pendingAction: PendingAction | null;
  dueAt: number | null;
  attempts: number;
  version: number;
}

interface Claimed {
  action: PendingAction;
  attempts: number;
  version: number;
}

export interface OrderServiceOptions {
  policy: SagaPolicy;
  leaseMs: number;
  declines: ReadonlySet<string>;
}

export class OrderServiceModel {
  readonly outbox = new Outbox(ORDER);
  readonly group: ConsumerGroup;
  readonly streams = new Map<string, Envelope[]>();
  private readonly states = new Map<string, OrderState>();
  private readonly rows = new Map<string, Row>();

  constructor(
    private readonly ctx: SimContext,
    private readonly payments: Wire<PaymentRequest, PaymentReply>,
    private readonly options: OrderServiceOptions,
  ) {
    this.group = new ConsumerGroup(ORDER, ctx.log);
  }

  state(orderId: string): OrderState {
    return this.states.get(orderId) ?? initialState(orderId);
  }

  orderIds(): string[] {
    return [...this.states.keys()];
  }

  /** One saga step in one transaction; an observed event is stored beside the reactions it caused. */
  apply(orderId: string, command: SagaCommand, observed?: Envelope): OrderEvent[] {
    const state = this.state(orderId);
    if (observed && state.status === 'NEW') return [];
    const decider = orderDecider(this.options.policy, orderId);
    const reactions = decider.decide(command, state).map(untimed);
    const emitted = reactions.map((event) => this.ctx.envelope(ORDER, event));
    const stored = observed ? [observed, ...emitted] : emitted;
    if (stored.length === 0) return reactions;
    this.streams.set(orderId, [...(this.streams.get(orderId) ?? []), ...stored]);
    this.outbox.append(emitted);
    const next = foldEvents(
      decider,
      stored.map((e) => timed(e.event, e.occurredAt)),
      state,
    );
    this.states.set(orderId, next);
    const work = pendingWork(next, this.options.policy);
    this.rows.set(orderId, {
      pendingAction: work?.action ?? null,
      dueAt: work ? Math.max(work.dueAt, this.ctx.now) : null,
      attempts: 0,
      version: next.version,
    });
    return reactions;
  }

  /** An HTTP request (place, cancel): a refusal (409, 404) is the customer's answer, not a fault. */
  request(orderId: string, command: SagaCommand): string {
    try {
      this.apply(orderId, command);
      return 'accepted';
    } catch (error) {
      if (error instanceof AppError) return `refused ${error.status}`;
      throw error;
    }
  }

  consume(key: string): void {
    this.group.deliver(key, (envelope) => {
      const { event } = envelope;
      if (!isObserved(event)) return;
      this.handleSafely(envelope, () => this.apply(key, { type: 'Observe', event, now: this.ctx.now }, envelope));
    });
  }

  dueOrders(): string[] {
    return [...this.rows]
      .filter(([, row]) => row.pendingAction !== null && row.dueAt !== null && row.dueAt <= this.ctx.now)
      .map(([id]) => id);
  }

  dueTimes(): Array<number | null> {
    return [...this.rows.values()].map((row) => row.dueAt);
  }

  /** saga-scheduler.ts: claim (lease), then run the work re-checked by workFor; payment calls go out over the wire. */
  claim(orderId: string): void {
    const row = this.rows.get(orderId) as Row;
    const claimed: Claimed = {
      action: row.pendingAction as PendingAction,
      attempts: row.attempts,
      version: row.version,
    };
    row.dueAt = this.ctx.now + this.options.leaseMs;
    try {
      this.runWork(orderId, claimed);
    } catch {
      this.backOff(orderId, claimed);
    }
  }

  crash(): void {
    this.payments.crash(ORDER);
    this.group.rewind();
  }

  actions(): Action[] {
    return [
      ...this.dueOrders().map((id) => ({
        label: `order scheduler runs ${this.rows.get(id)?.pendingAction} for ${id}`,
        run: () => this.claim(id),
      })),
    ];
  }

  private runWork(orderId: string, claimed: Claimed): void {
    const state = this.state(orderId);
    const work = workFor(state, claimed.action, this.options.policy);
    switch (work.kind) {
      case 'nothing':
        return;
      case 'check-deadline':
        this.apply(orderId, { type: 'CheckDeadline', now: this.ctx.now });
        return;
      case 'authorize': {
        const request: PaymentRequest = {
          kind: 'authorize',
          orderId,
          amountMinor: work.amountMinor,
          declines: this.options.declines.has(orderId),
        };
        this.callProvider(orderId, claimed, request, (reply) =>
          reply.kind === 'authorized'
            ? { type: 'RecordPaymentAuthorized', paymentId: reply.paymentId, now: this.ctx.now }
            : { type: 'RecordPaymentDeclined', reason: 'declined', now: this.ctx.now },
        );
        return;
      }
      case 'refund':
        this.callProvider(
          orderId,
          claimed,
          { kind: 'refund', orderId, paymentId: work.paymentId, amountMinor: work.amountMinor },
          (reply) => {
            if (reply.kind !== 'refunded') throw new Error(`refund rejected (${reply.kind})`);
            return { type: 'RecordPaymentRefunded', refundId: reply.refundId, now: this.ctx.now };
          },
        );
    }
  }

  private callProvider(
    orderId: string,
    claimed: Claimed,
    request: PaymentRequest,
    toCommand: (reply: PaymentReply) => SagaCommand,
  ): void {
    const onReply = (reply: PaymentReply) => {
      try {
        this.apply(orderId, toCommand(reply));
      } catch {
        this.backOff(orderId, claimed);
      }
    };
    this.payments.send(ORDER, `${request.kind} ${orderId}`, request, onReply, () => this.backOff(orderId, claimed));
  }

  /** Only while the order is still at the claimed version: a step committed since owns the row's work. */
  private backOff(orderId: string, claimed: Claimed): void {
    const row = this.rows.get(orderId) as Row;
    if (row.version !== claimed.version || row.pendingAction !== claimed.action) return;
    row.attempts = claimed.attempts + 1;
    row.dueAt = this.ctx.now + Math.min(60_000, 250 * 2 ** Math.min(row.attempts, 8));
  }

  private handleSafely(envelope: Envelope, handle: () => void): void {
    try {
      handle();
    } catch (error) {
      this.ctx.incident(
        `${ORDER} dead-lettered ${envelope.event.type} of ${envelope.event.data.orderId}: ${(error as Error).message}`,
      );
    }
  }
}
