// The whole system under one simulated clock: five service models, Kafka, and the outside world
// (payment provider, carrier, mail server). `actions(chaos)` lists everything that could happen
// next; with chaos the list includes faults (lost replies, refusals, crashes, skipped or repeated
// carrier statuses, relay re-publishing); without it, only the healthy path, so the system can settle.
import { MILESTONE_OF_EVENT, type SystemSnapshot } from '@kot/invariants';
import { TERMINAL_STATUSES } from '../../services/order-service/src/saga/order.state';
import { CarrierModel, type CarrierReply, type CarrierRequest } from './world/carrier';
import { earliest, SimContext, type Action } from './world/context';
import type { ConsumerGroup, Outbox } from './world/kafka';
import { PaymentProviderModel, type PaymentReply, type PaymentRequest } from './world/payment-provider';
import { Wire } from './world/wire';
import { AnalyticsServiceModel } from './services/analytics-service';
import { InventoryServiceModel } from './services/inventory-service';
import { MailServerModel, NotificationServiceModel, type EmailRequest } from './services/notification-service';
import { ORDER, OrderServiceModel } from './services/order-service';
import { ShippingServiceModel } from './services/shipping-service';
import { customerOf, START, TIMING, totalOf, type Scenario } from './scenario';
import { carrierActions, wireActions } from './world/outside-actions';

export class SimulatedSystem {
  readonly ctx = new SimContext(START);
  readonly provider = new PaymentProviderModel();
  readonly carrier = new CarrierModel(() => this.ctx.now);
  readonly mail = new MailServerModel();
  readonly payments = new Wire<PaymentRequest, PaymentReply>(
    'payment provider',
    (r) => this.provider.handle(r),
    TIMING.paymentTimeoutMs,
    () => this.ctx.now,
  );
  readonly carrierApi = new Wire<CarrierRequest, CarrierReply>(
    'carrier',
    (r) => this.carrierCall(r),
    TIMING.carrierTimeoutMs,
    () => this.ctx.now,
  );
  readonly smtp = new Wire<EmailRequest, 'accepted'>(
    'smtp',
    (r) => this.mail.accept(r),
    TIMING.smtpTimeoutMs,
    () => this.ctx.now,
    true,
  );
  readonly order: OrderServiceModel;
  readonly inventory: InventoryServiceModel;
  readonly shipping: ShippingServiceModel;
  readonly notification: NotificationServiceModel;
  readonly analytics: AnalyticsServiceModel;
  private readonly placed = new Set<string>();
  private readonly cancels = new Map<string, number>();
  crashes = 0;

  /**
   * Checked when it happens, not at quiescence: a parcel is booked only for stock inventory keeps for
   * good (the saga confirms the stock first), else a refusal of a lapsed hold could reach a parcel
   * already on its way, as the CI fault run of 2026-12-03 found.
   */
  private carrierCall(request: CarrierRequest): CarrierReply {
    if (request.kind === 'book') {
      const hold = this.inventory.holds().find((h) => h.orderId === request.orderId);
      if (hold?.status !== 'CONFIRMED' && hold?.status !== 'COMMITTED')
        this.ctx.incident(
          `the carrier booked a parcel for ${request.orderId} whose stock is ${hold?.status ?? 'not held'}`,
        );
    }
    return this.carrier.handle(request);
  }

  constructor(readonly scenario: Scenario) {
    const flagged = (flag: 'declines' | 'undeliverable') =>
      new Set(scenario.orders.filter((o) => o[flag]).map((o) => o.orderId));
    this.order = new OrderServiceModel(this.ctx, this.payments, {
      policy: scenario.policy,
      leaseMs: TIMING.schedulerLeaseMs,
      declines: flagged('declines'),
    });
    this.inventory = new InventoryServiceModel(this.ctx, { ttlMs: scenario.reservationTtlMs }, new Map(scenario.stock));
    this.shipping = new ShippingServiceModel(this.ctx, this.carrierApi, {
      leaseMs: TIMING.shippingLeaseMs,
      maxBackoffMs: TIMING.shippingMaxBackoffMs,
      undeliverable: flagged('undeliverable'),
    });
    const policy = { maxAttempts: 10, baseDelayMs: 2_000, maxDelayMs: 600_000 };
    this.notification = new NotificationServiceModel(this.ctx, this.smtp, { leaseMs: TIMING.dispatchLeaseMs, policy });
    this.analytics = new AnalyticsServiceModel(this.ctx);
  }

  private get groups(): Array<{ group: ConsumerGroup; consume: (key: string) => void; crash: () => void }> {
    return [this.order, this.inventory, this.shipping, this.notification, this.analytics].map((s) => ({
      group: s.group,
      consume: (k: string) => s.consume(k),
      crash: () => s.crash(),
    }));
  }

  private get outboxes(): Outbox[] {
    return [this.order.outbox, this.inventory.outbox, this.shipping.outbox];
  }

  /** Everything that may happen next, in a fixed order (so a list of choices replays exactly). */
  actions(chaos: boolean): Action[] {
    return [
      ...this.customerActions(chaos),
      ...this.messagingActions(chaos),
      ...wireActions(this.payments, chaos),
      ...wireActions(this.carrierApi, chaos),
      ...wireActions(this.smtp, chaos),
      ...this.order.actions(),
      ...this.inventory.actions(),
      ...this.shipping.actions(),
      ...this.notification.actions(),
      ...carrierActions(this.carrier, this.shipping, chaos, this.ctx.now),
      ...(chaos ? this.crashActions() : []),
      ...this.timeActions(),
    ];
  }

  private customerActions(chaos: boolean): Action[] {
    const place = this.scenario.orders
      .filter((o) => !this.placed.has(o.orderId))
      .map((o) => ({
        label: `customer places ${o.orderId}`,
        run: () => {
          this.placed.add(o.orderId);
          this.order.request(o.orderId, {
            type: 'PlaceOrder',
            orderId: o.orderId,
            customer: customerOf(o.orderId),
            items: o.lines,
            currency: 'USD',
            now: this.ctx.now,
          });
        },
      }));
    if (!chaos) return place;
    const cancel = [...this.placed]
      .filter((id) => (this.cancels.get(id) ?? 0) < 2 && !TERMINAL_STATUSES.includes(this.order.state(id).status))
      .map((id) => ({
        label: `customer cancels ${id} (${this.order.state(id).status})`,
        run: () => {
          this.cancels.set(id, (this.cancels.get(id) ?? 0) + 1);
          this.order.request(id, { type: 'CancelOrder', reason: 'changed my mind', now: this.ctx.now });
        },
      }));
    return [...place, ...cancel];
  }

  private messagingActions(chaos: boolean): Action[] {
    const relays = this.outboxes
      .filter((o) => o.pending().length > 0)
      .flatMap((outbox) => [
        {
          label: `${outbox.service} relay publishes ${outbox
            .pending()
            .map((e) => e.event.type)
            .join(', ')}`,
          run: () => void outbox.relay(this.ctx.log, true),
        },
        ...(chaos
          ? [
              {
                label: `${outbox.service} relay publishes, then crashes before marking the rows`,
                run: () => void outbox.relay(this.ctx.log, false),
              },
            ]
          : []),
      ]);
    const consumers = this.groups.flatMap(({ group, consume }) =>
      group.readyKeys().map((key) => ({
        label: `${group.name} consumes ${group.next(key)?.event.type} of ${key}`,
        run: () => {
          consume(key);
          if (!chaos) group.commitOffsets();
        },
      })),
    );
    const commits = chaos
      ? this.groups
          .filter(({ group }) => group.hasUncommitted())
          .map(({ group }) => ({ label: `${group.name} commits offsets`, run: () => group.commitOffsets() }))
      : [];
    return [...relays, ...consumers, ...commits];
  }

  private crashActions(): Action[] {
    if (this.crashes >= 3) return [];
    return this.groups.map(({ group, crash }) => ({
      label: `${group.name} crashes and restarts`,
      run: () => {
        this.crashes += 1;
        crash();
      },
    }));
  }

  private timeActions(): Action[] {
    if ([this.payments, this.carrierApi, this.smtp].some((wire) => wire.overdue())) return []; // a client timeout fires first
    const timers = [
      ...this.order.dueTimes(),
      ...this.inventory.expiryTimes(),
      ...this.shipping.dueTimes(),
      ...this.notification.dueTimes(),
      ...this.payments.deadlines(),
      ...this.carrierApi.deadlines(),
      ...this.smtp.deadlines(),
      ...this.carrier.retryTimes(),
    ];
    const next = earliest(timers, this.ctx.now);
    if (next === null) return [];
    return [
      {
        label: `time passes ${((next - this.ctx.now) / 1000).toFixed(1)}s`,
        run: () => {
          this.ctx.now = next;
        },
      },
    ];
  }

  snapshot(): SystemSnapshot {
    const orders = this.order.orderIds().map((orderId) => {
      const state = this.order.state(orderId);
      const stream = this.order.streams.get(orderId) ?? [];
      const terminalEvents = stream.filter(
        (e) => e.event.type === 'OrderDelivered' || e.event.type === 'OrderCancelled',
      ).length;
      const milestones = stream.flatMap((e) =>
        e.producer === ORDER && MILESTONE_OF_EVENT[e.event.type]
          ? [MILESTONE_OF_EVENT[e.event.type] as NonNullable<(typeof MILESTONE_OF_EVENT)[string]>]
          : [],
      );
      return {
        orderId,
        status: state.status,
        totalMinor: totalOf(state.items),
        lines: state.items,
        terminalEvents,
        milestones,
      };
    });
    return {
      orders,
      payments: this.provider.records(),
      stock: this.inventory.stockRecords(),
      holds: this.inventory.holds(),
      bookings: this.carrier.records(),
      emails: this.mail.inbox,
      analytics: this.analytics.records(),
    };
  }
}
