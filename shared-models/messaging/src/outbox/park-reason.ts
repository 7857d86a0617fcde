import { InvalidEventError } from '@kot/events';

/**
 * Why the relay parked an outbox row instead of publishing it. The first three describe the event
 * itself and would fail identically on every retry; `blocked` marks a later event of an order whose
 * earlier event is parked (see planBatch for why those are held back too).
 */
export type ParkReason = 'unencodable' | 'too-large' | 'refused' | 'blocked';

export interface ParkVerdict {
  reason: ParkReason;
  detail: string;
}

/**
 * Broker answers that concern the messages sent, not the broker or the client: the same message fails
 * the same way however often it is retried. kafkajs marks them non-retriable and does not retry them.
 * Other non-retriable answers (TOPIC_AUTHORIZATION_FAILED, an unknown topic, a bad acks setting) are a
 * misconfiguration of the whole service: parking would park every event, so those keep the relay
 * retrying (with the backlog alert firing) until someone fixes the configuration.
 */
const MESSAGE_REFUSALS: Record<string, ParkReason> = {
  MESSAGE_TOO_LARGE: 'too-large',
  RECORD_LIST_TOO_LARGE: 'too-large',
  INVALID_RECORD: 'refused',
  INVALID_TIMESTAMP: 'refused',
};

interface ErrorShape {
  type?: unknown;
  retriable?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** kafkajs wraps the broker's answer (KafkaJSNonRetriableError, retries exceeded): look through causes. */
function brokerRefusalOf(error: unknown): { type: string; message: string } | null {
  for (
    let current = error as ErrorShape | undefined, depth = 0;
    current && depth < 5;
    current = current.cause as ErrorShape | undefined, depth += 1
  ) {
    if (typeof current.type === 'string' && current.type in MESSAGE_REFUSALS && current.retriable === false) {
      return { type: current.type, message: String(current.message ?? '') };
    }
  }
  return null;
}

/** The verdict for an error encoding or sending one event; null when it may pass (retry the batch). */
export function parkVerdictOf(error: unknown): ParkVerdict | null {
  if (error instanceof InvalidEventError) return { reason: 'unencodable', detail: error.message };
  const refusal = brokerRefusalOf(error);
  if (refusal)
    return {
      reason: MESSAGE_REFUSALS[refusal.type] as ParkReason,
      detail: `broker answered ${refusal.type}: ${refusal.message}`,
    };
  return null;
}

/** The verdict for a later event of a key whose earlier event (that id) is parked. */
export const blockedBy = (parkedEventId: string): ParkVerdict => ({
  reason: 'blocked',
  detail: `event ${parkedEventId} of the same key is parked`,
});

/** The text stored in the row's park_reason: the reason first, so it can be grouped in SQL. */
export const parkReasonText = ({ reason, detail }: ParkVerdict): string => `${reason}: ${detail}`;
