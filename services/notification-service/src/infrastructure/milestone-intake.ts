// What the consumer does with a milestone event, inside the inbox transaction: remember the order,
// render the email and queue it. Nothing here talks to SMTP, so a slow or absent mail server can
// never hold a Kafka partition or a database transaction open.
import { causedBy, type Clock, type EventMetadata, type IdGenerator } from '@kot/messaging';
import { type PgTx } from '@kot/postgres';
import { type Logger, orderIdOfEvent } from '@kot/service-kit';
import { messageIdFor, noticeFor, snapshotOf, type MilestoneEvent } from '../notifications/milestones';
import { renderEmail } from '../notifications/templates/render';
import { enqueueNotification, findOrder, saveOrder } from './notification-store';

export interface IntakeDeps {
  clock: Clock;
  ids: IdGenerator;
  messageIdDomain: string;
  logger: Logger;
}

export async function recordMilestone(
  tx: PgTx,
  deps: IntakeDeps,
  event: MilestoneEvent,
  metadata: EventMetadata,
): Promise<void> {
  const orderId = orderIdOfEvent(event.data.orderId);
  if (event.type === 'OrderPlaced') await saveOrder(tx, snapshotOf({ ...event.data, orderId }));
  const order = await findOrder(tx, orderId);
  const notice = noticeFor(event);
  if (!order) {
    // Without OrderPlaced we have no address; nothing can be sent, and retrying will not change that.
    deps.logger.warn(
      { orderId, milestone: notice.milestone },
      'milestone for an order never placed here; no email possible',
    );
    return;
  }
  const queued = await enqueueNotification(tx, {
    id: deps.ids.next(),
    orderId,
    milestone: notice.milestone,
    recipient: order.email,
    email: renderEmail(order, notice),
    messageId: messageIdFor(orderId, notice.milestone, deps.messageIdDomain),
    cause: { ...causedBy(metadata), causationId: metadata.eventId },
    now: deps.clock.now(),
  });
  if (!queued)
    deps.logger.info({ orderId, milestone: notice.milestone }, 'milestone already notified; duplicate ignored');
}
