// Notification as a model: one queued email per (order, milestone) (the unique key of the queue),
// a dispatcher that leases due emails and sends them over SMTP outside any transaction, and a
// recording that only the current lease holder may make. The mail server's inbox is what the
// invariants count.
import type { EmailRecord, Milestone } from '@kot/invariants';
import { foldEvents } from '@kot/service-kit';
import {
  MILESTONE_EVENT_TYPES,
  noticeFor,
  type MilestoneEvent,
} from '../../../services/notification-service/src/notifications/milestones';
import type { DeliveryPolicy } from '../../../services/notification-service/src/notifications/delivery-policy';
import {
  claimed,
  initialState,
  notificationDecider,
  type NotificationCommand,
  type NotificationState,
} from '../../../services/notification-service/src/notifications/notification';
import { ConsumerGroup, type Envelope } from '../world/kafka';
import type { Action, SimContext } from '../world/context';
import type { Wire } from '../world/wire';

export const NOTIFICATION = 'notification-service';

export interface EmailRequest {
  orderId: string;
  milestone: Milestone;
}

/** A row of the queue: the decider's state (status, attempts, claim token) and when it is next due. */
interface Queued {
  orderId: string;
  milestone: Milestone;
  state: NotificationState;
  dueAt: number;
}

const isOpen = (q: Queued) => q.state.status === 'PENDING' || q.state.status === 'SENDING';

export interface NotificationOptions {
  leaseMs: number;
  policy: DeliveryPolicy;
}

export class NotificationServiceModel {
  readonly group: ConsumerGroup;
  private readonly queue = new Map<string, Queued>();
  private readonly known = new Set<string>();
  private readonly decider: ReturnType<typeof notificationDecider>;

  constructor(
    private readonly ctx: SimContext,
    private readonly smtp: Wire<EmailRequest, 'accepted'>,
    private readonly options: NotificationOptions,
  ) {
    this.group = new ConsumerGroup(NOTIFICATION, ctx.log);
    this.decider = notificationDecider(options.policy);
  }

  consume(key: string): void {
    this.group.deliver(key, (envelope) => this.intake(envelope));
  }

  dueTimes(): number[] {
    return [...this.queue.values()].filter(isOpen).map((q) => q.dueAt);
  }

  actions(): Action[] {
    return [...this.queue.values()]
      .filter((q) => isOpen(q) && q.dueAt <= this.ctx.now)
      .map((q) => ({ label: `notification sends ${q.milestone} of ${q.orderId}`, run: () => this.dispatch(q) }));
  }

  owed(): string[] {
    return [...this.queue.values()]
      .filter((q) => q.state.status !== 'SENT')
      .map((q) => `${q.orderId} ${q.milestone} ${q.state.status}`);
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
    if (!this.queue.has(key)) this.queue.set(key, { orderId, milestone, state: initialState(), dueAt: this.ctx.now });
  }

  /** claimDue + deliver: the lease hides the email from other dispatchers until it runs out. */
  private dispatch(q: Queued): void {
    const lease = this.ctx.nextId('lease');
    Object.assign(q, { state: claimed(q.state.attempts, lease), dueAt: this.ctx.now + this.options.leaseMs });
    const request: EmailRequest = { orderId: q.orderId, milestone: q.milestone };
    this.smtp.send(
      NOTIFICATION,
      `email ${q.milestone} ${q.orderId}`,
      request,
      () => this.recordSent(q, lease),
      (why) => this.recordFailure(q, lease, why),
    );
  }

  /** The outcome as the real dispatcher records it: only the current lease holder's counts. */
  private record(q: Queued, command: NotificationCommand): void {
    const events = this.decider.decide(command, q.state);
    q.state = foldEvents(this.decider, events, q.state);
    for (const event of events) if (event.type === 'RetryScheduled') q.dueAt = event.nextAttemptAt;
  }

  private recordSent(q: Queued, lease: string): void {
    this.record(q, {
      type: 'RecordSent',
      claimToken: lease,
      response: '250',
      providerMessageId: null,
      now: this.ctx.now,
    });
  }

  private recordFailure(q: Queued, lease: string, why: string): void {
    const failure = { kind: 'transient', error: why } as const;
    this.record(q, { type: 'RecordSendFailure', claimToken: lease, failure, now: this.ctx.now });
  }
}

export class MailServerModel {
  readonly inbox: EmailRecord[] = [];

  accept(request: EmailRequest): 'accepted' {
    this.inbox.push({ orderId: request.orderId, milestone: request.milestone });
    return 'accepted';
  }
}
