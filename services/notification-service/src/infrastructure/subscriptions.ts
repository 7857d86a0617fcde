import type { HandlerContext, Subscriptions } from '@kot/messaging';
import type { PgTx } from '@kot/postgres';
import type { MilestoneEvent } from '../notifications/milestones';
import { recordMilestone, type IntakeDeps } from './milestone-intake';

/** The subscription table: each milestone event → queue the customer's email in the inbox transaction. */
export function notificationSubscriptions(deps: IntakeDeps): Subscriptions<PgTx> {
  const queueEmail = (event: MilestoneEvent, ctx: HandlerContext<PgTx>): Promise<void> =>
    recordMilestone(ctx.tx, deps, event, ctx.metadata);
  return {
    OrderPlaced: queueEmail,
    OrderConfirmed: queueEmail,
    OrderShipped: queueEmail,
    OrderDelivered: queueEmail,
    OrderCancelled: queueEmail,
  };
}
