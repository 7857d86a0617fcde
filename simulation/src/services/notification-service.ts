// Notification as a model: one queued email per (order, milestone) (the unique key of the queue),
// a dispatcher that leases due emails and sends them over SMTP outside any transaction, and a
// recording that only the current lease holder may make. The mail server's inbox is what the
// invariants count.
import type { EmailRecord, Milestone } from '@kot/invariants';
import {
  MILESTONE_EVENT_TYPES,
  noticeFor,
  type MilestoneEvent,
} from '../../../services/notification-service/src/notifications/milestones';
import {
  decideAfterFailure,
  type DeliveryPolicy,
} from '../../../services/notification-service/src/notifications/delivery-policy';
import { ConsumerGroup, type Envelope } from '../world/kafka';
import type { Action, SimContext } from '../world/context';
import type { Wire } from '../world/wire';

export const NOTIFICATION = 'notification-service';

export interface EmailRequest {
  orderId: string;
  milestone: Milestone;
}

interface Queued {
  orderId: string;
  milestone: Milestone;
  status: 'PENDING' | 'SENDING' | 'SENT' | 'FAILED';
  dueAt: number;
  attempts: number;
  lease: string | null;
}

export interface NotificationOptions {
  leaseMs: number;
  policy: DeliveryPolicy;
}

export class NotificationServiceModel {
  readonly group: ConsumerGroup;
  private readonly queue = new Map<string, Queued>();
  private readonly known = new Set<string>();

  constructor(
    private readonly ctx: SimContext,
    private readonly smtp: Wire<EmailRequest, 'accepted'>,
    private readonly options: NotificationOptions,
  ) {
    this.group = new ConsumerGroup(NOTIFICATION, ctx.log);
  }

  consume(key: string): void {
    this.group.deliver(key, (envelope) => this.intake(envelope));
  }

  dueTimes(): number[] {
    return [...this.queue.values()].filter((q) => q.status === 'PENDING' || q.status === 'SENDING').map((q) => q.dueAt);
  }

  actions(): Action[] {
    return [...this.queue.values()]
      .filter((q) => (q.status === 'PENDING' || q.status === 'SENDING') && q.dueAt <= this.ctx.now)
      .map((q) => ({ label: `notification sends ${q.milestone} of ${q.orderId}`, run: () => this.dispatch(q) }));
  }

  owed(): string[] {
    return [...this.queue.values()]
      .filter((q) => q.status !== 'SENT')
      .map((q) => `${q.orderId} ${q.milestone} ${q.status}`);
  }

  crash(): void {
    this.smtp.crash(NOTIFICATION);
    this.group.rewind();
  }

  private intake(envelope: Envelope): void {
    const { event } = envelope;
    if (!(MILESTONE_EVENT_TYPES as readonly string[]).includes(event.type)) return;
    const { orderId } = event.data;
    if (event.type === 'OrderPlaced') this.known.add(orderId);
    if (!this.known.has(orderId)) return;
    const milestone = noticeFor(event as MilestoneEvent).milestone;
    const key = `${orderId} ${milestone}`;
    if (!this.queue.has(key))
      this.queue.set(key, { orderId, milestone, status: 'PENDING', dueAt: this.ctx.now, attempts: 0, lease: null });
  }

  /** claimDue + deliver: the lease hides the email from other dispatchers until it runs out. */
  private dispatch(q: Queued): void {
    const lease = this.ctx.nextId('lease');
    Object.assign(q, { status: 'SENDING', lease, dueAt: this.ctx.now + this.options.leaseMs });
    const request: EmailRequest = { orderId: q.orderId, milestone: q.milestone };
    this.smtp.send(
      NOTIFICATION,
      `email ${q.milestone} ${q.orderId}`,
      request,
      () => this.recordSent(q, lease),
      (why) => this.recordFailure(q, lease, why),
    );
  }

  private recordSent(q: Queued, lease: string): void {
    if (q.lease === lease) Object.assign(q, { status: 'SENT', lease: null });
  }

  private recordFailure(q: Queued, lease: string, why: string): void {
    if (q.lease !== lease) return;
    const decision = decideAfterFailure(
      this.options.policy,
      q.attempts,
      { kind: 'transient', error: why },
      this.ctx.now,
    );
    if (decision.kind === 'give-up') Object.assign(q, { status: 'FAILED', attempts: decision.attempts, lease: null });
    else
      Object.assign(q, { status: 'PENDING', attempts: decision.attempts, dueAt: decision.nextAttemptAt, lease: null });
  }
}

export class MailServerModel {
  readonly inbox: EmailRecord[] = [];

  accept(request: EmailRequest): 'accepted' {
    this.inbox.push({ orderId: request.orderId, milestone: request.milestone });
    return 'accepted';
  }
}
