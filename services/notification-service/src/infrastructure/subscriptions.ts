import type { HandlerContext, Subscriptions } from '@kot/messaging';
import type { MilestoneEvent } from '../notifications/milestones';
import { recordMilestone, type IntakeDeps } from './milestone-intake';
import type { NotificationTx } from './prisma';

/** The subscription table: each milestone event → queue the customer's email in the inbox transaction. */
export function notificationSubscriptions(deps: IntakeDeps): Subscriptions<NotificationTx> {
  const queueEmail = (event: MilestoneEvent, ctx: HandlerContext<NotificationTx>): Promise<void> => recordMilestone(ctx.tx, deps, event, ctx.metadata);
  return {
    OrderPlaced: queueEmail,
    OrderConfirmed: queueEmail,
    OrderShipped: queueEmail,
    OrderDelivered: queueEmail,
    OrderCancelled: queueEmail,
  };
}
