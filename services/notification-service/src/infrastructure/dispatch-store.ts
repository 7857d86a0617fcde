// The dispatcher's side of the notifications table: lease due emails, then record what happened.
// Every outcome is written only by the holder of the current claim token, so an instance whose
// lease ran out (and whose row another instance took over) cannot overwrite the newer outcome.
import { assertNever } from '@kot/service-kit';
import type { Milestone, OrderEvent } from '@kot/events';
import { outboxWriter, type Clock, type IdGenerator } from '@kot/messaging';
import { type Database, type PgTx } from '@kot/postgres';
import type { NotificationEvent } from '../notifications/notification';
import { NOTIFICATION_SCHEMA, NOTIFICATION_SERVICE } from '../service';

export interface ClaimedNotification {
  id: string;
  orderId: string;
  milestone: Milestone;
  recipient: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  messageId: string;
  attempts: number;
  claimToken: string;
  correlationId: string;
  causationId: string;
  traceparent: string | null;
}

interface ClaimRow {
  id: string;
  order_id: string;
  milestone: Milestone;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  attempts: number;
  claim_token: string;
  correlation_id: string;
  causation_id: string;
  traceparent: string | null;
}

const TABLE = `${NOTIFICATION_SCHEMA}.notifications`;

/**
 * Leases up to `limit` due emails (pending, or sending with an expired lease: the instance that took
 * them died mid-send). Only the oldest unsent email of each order is eligible, so a customer reads
 * "shipped" after "confirmed" even when the first one needed retries. SKIP LOCKED lets several
 * dispatchers share the table without waiting on each other.
 */
export async function claimDue(
  db: Database,
  now: number,
  leaseMs: number,
  limit: number,
  token: string,
): Promise<ClaimedNotification[]> {
  const rows = await db.session.query<ClaimRow>(
    `UPDATE ${TABLE} SET status = 'SENDING', claim_token = $4::uuid, next_attempt_at = $2::timestamptz + ($3 || ' milliseconds')::interval, updated_at = $2::timestamptz
       WHERE id IN (SELECT n.id FROM ${TABLE} n WHERE n.status IN ('PENDING', 'SENDING') AND n.next_attempt_at <= $2::timestamptz
                      AND NOT EXISTS (SELECT 1 FROM ${TABLE} e WHERE e.order_id = n.order_id AND e.status IN ('PENDING', 'SENDING') AND (e.created_at, e.id) < (n.created_at, n.id))
                    ORDER BY n.next_attempt_at LIMIT $1 FOR UPDATE OF n SKIP LOCKED)
       RETURNING id, order_id, milestone, recipient, subject, text_body, html_body, message_id, attempts, claim_token, correlation_id, causation_id, traceparent`,
    [limit, new Date(now).toISOString(), String(leaseMs), token],
    'notification-claim-due',
  );
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    milestone: r.milestone,
    recipient: r.recipient,
    subject: r.subject,
    textBody: r.text_body,
    htmlBody: r.html_body,
    messageId: r.message_id,
    attempts: r.attempts,
    claimToken: r.claim_token,
    correlationId: r.correlation_id,
    causationId: r.causation_id,
    traceparent: r.traceparent,
  }));
}

export interface OutcomeDeps {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
}

/** The event is caused by the milestone event that queued the email, in the same correlation. */
function emit(tx: PgTx, deps: OutcomeDeps, row: ClaimedNotification, event: OrderEvent) {
  const cause = { correlationId: row.correlationId, causationId: row.causationId, traceparent: row.traceparent };
  return outboxWriter({
    schema: NOTIFICATION_SCHEMA,
    service: NOTIFICATION_SERVICE,
    clock: deps.clock,
    ids: deps.ids,
  }).append(tx, cause, [event]);
}

// Each outcome is written only while the row is still SENDING under this claim's token ($1 id, $2 token).
const SET_SENT = `UPDATE ${TABLE} SET status = 'SENT', attempts = $3, sent_at = $4, updated_at = $4, provider_response = $5,
    provider_message_id = $6, last_error = NULL, claim_token = NULL WHERE id = $1::uuid AND claim_token = $2::uuid AND status = 'SENDING'`;
const SET_RETRY = `UPDATE ${TABLE} SET status = 'PENDING', attempts = $3, next_attempt_at = $4, last_error = $5, updated_at = $6,
    claim_token = NULL WHERE id = $1::uuid AND claim_token = $2::uuid AND status = 'SENDING'`;
const SET_FAILED = `UPDATE ${TABLE} SET status = 'FAILED', attempts = $3, last_error = $4, updated_at = $5, claim_token = NULL
    WHERE id = $1::uuid AND claim_token = $2::uuid AND status = 'SENDING'`;

async function updateHeld(
  tx: PgTx,
  statement: string,
  name: string,
  row: ClaimedNotification,
  values: unknown[],
): Promise<boolean> {
  return (await tx.execute(statement, [row.id, row.claimToken, ...values], name)) === 1;
}

type Outcome<T extends NotificationEvent['type']> = Extract<NotificationEvent, { type: T }>;

/** SENT and NotificationSent commit together. */
async function recordSent(deps: OutcomeDeps, row: ClaimedNotification, sent: Outcome<'EmailSent'>): Promise<boolean> {
  const at = new Date(sent.at);
  return deps.db.transaction(async (tx) => {
    if (
      !(await updateHeld(tx, SET_SENT, 'notification-sent', row, [
        sent.attempts,
        at,
        sent.response,
        sent.providerMessageId,
      ]))
    )
      return false;
    const event: OrderEvent = {
      type: 'NotificationSent',
      data: { orderId: row.orderId, milestone: row.milestone, recipient: row.recipient, messageId: row.messageId },
    };
    await emit(tx, deps, row, event);
    return true;
  });
}

/** Back to PENDING until `nextAttemptAt`; `attempts` unchanged when the breaker refused without trying. */
async function recordRetry(
  deps: OutcomeDeps,
  row: ClaimedNotification,
  retry: Outcome<'RetryScheduled'>,
): Promise<boolean> {
  return updateHeld(deps.db.session, SET_RETRY, 'notification-retry', row, [
    retry.attempts,
    new Date(retry.nextAttemptAt),
    retry.error,
    new Date(retry.at),
  ]);
}

/** FAILED and NotificationFailed commit together; support can reset it through the admin API. */
async function recordFailed(
  deps: OutcomeDeps,
  row: ClaimedNotification,
  failed: Outcome<'EmailFailed'>,
): Promise<boolean> {
  const { attempts, error } = failed;
  return deps.db.transaction(async (tx) => {
    if (!(await updateHeld(tx, SET_FAILED, 'notification-failed', row, [attempts, error, new Date(failed.at)])))
      return false;
    const event: OrderEvent = {
      type: 'NotificationFailed',
      data: { orderId: row.orderId, milestone: row.milestone, recipient: row.recipient, error },
    };
    await emit(tx, deps, row, event);
    return true;
  });
}

/**
 * The one place the notification decider's events become row updates (and, for SENT and FAILED, the
 * public event in the same transaction). Returns false if the lease was lost meanwhile.
 */
export async function recordOutcome(
  deps: OutcomeDeps,
  row: ClaimedNotification,
  outcome: NotificationEvent,
): Promise<boolean> {
  switch (outcome.type) {
    case 'EmailSent':
      return recordSent(deps, row, outcome);
    case 'RetryScheduled':
      return recordRetry(deps, row, outcome);
    case 'EmailFailed':
      return recordFailed(deps, row, outcome);
    default:
      return assertNever(outcome);
  }
}
