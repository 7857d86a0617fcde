// How long a dispatcher may hold a claimed email, worked out from the settings that bound a send. The
// lease is what keeps a second dispatcher (another instance, or the next round of this one) from
// sending an email again while the first is still busy with it, so it must outlast the slowest send
// plus the recording of its outcome. Every quantity below is a hard limit the code enforces (the
// per-conversation deadline aborts the socket, the retry loops stop after their count), except the
// time Postgres takes for one statement: a database slower than STATEMENT_ALLOWANCE_MS is, to the
// other dispatchers, no different from an instance that died, which is the at-least-once case below.
//
// What SMTP can and cannot promise: the server's "250" and our commit of SENT are two systems, so a
// crash (or a conversation cut by the deadline) after the server accepted the message but before we
// recorded it always leads to a second copy. That is chosen over losing the email. Such a copy carries
// the same deterministic Message-ID, which is what a receiving system or mail client deduplicates on.
// Everything else (a slow server, a retry while an abandoned conversation is still running, a lease
// running out mid-send) must not cause a second copy, and the arithmetic here is what rules that out.

/** Emails sent at once per dispatcher; a larger batch waits in waves, and its later leases must cover them. */
export const SEND_CONCURRENCY = 8;

/** Quick retries of one send inside the SMTP sender (absorbs a blip) before the row is rescheduled. */
export const SEND_BACKOFF = { baseMs: 200, maxMs: 2_000 } as const;

/** Retries of recording a send's outcome: a database blip must not turn into a resend. */
export const RECORD_RETRY = { retries: 6, baseMs: 200, maxMs: 5_000 } as const;

/** What one Postgres statement or short transaction is allowed to take in the budget (see above). */
export const STATEMENT_ALLOWANCE_MS = 1_000;

export interface LeaseInputs {
  /** Hard limit of one SMTP conversation (SMTP_SEND_DEADLINE_MS). */
  sendDeadlineMs: number;
  /** Quick retries after the first attempt (SMTP_SEND_RETRIES). */
  sendRetries: number;
  /** Emails claimed per round (DISPATCH_BATCH_SIZE). */
  batchSize: number;
}

/** The longest wait retryWithBackoff can make before each of `retries` retries (full jitter stays below it). */
function backoffCeilings(retries: number, baseMs: number, maxMs: number): number {
  let total = 0;
  for (let attempt = 0; attempt < retries; attempt++) total += Math.min(maxMs, baseMs * 2 ** attempt);
  return total;
}

/** Every attempt of one send running into its deadline, with the longest waits between them. */
export function worstCaseSendMs(inputs: Pick<LeaseInputs, 'sendDeadlineMs' | 'sendRetries'>): number {
  return (
    (1 + inputs.sendRetries) * inputs.sendDeadlineMs +
    backoffCeilings(inputs.sendRetries, SEND_BACKOFF.baseMs, SEND_BACKOFF.maxMs)
  );
}

/** Recording SENT with every retry used up. Recording a retry or FAILED is one statement, well within it. */
export function worstCaseRecordMs(): number {
  return (
    backoffCeilings(RECORD_RETRY.retries, RECORD_RETRY.baseMs, RECORD_RETRY.maxMs) +
    (1 + RECORD_RETRY.retries) * STATEMENT_ALLOWANCE_MS
  );
}

/**
 * The shortest lease that covers the last email of a batch: the lease starts before the claim
 * statement, and an email in the n-th wave starts only when a lane has finished the one before it.
 */
export function minimumLeaseMs(inputs: LeaseInputs): number {
  const waves = Math.ceil(inputs.batchSize / SEND_CONCURRENCY);
  return STATEMENT_ALLOWANCE_MS + waves * (worstCaseSendMs(inputs) + worstCaseRecordMs());
}
