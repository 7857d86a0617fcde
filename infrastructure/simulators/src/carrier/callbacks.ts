// Delivers tracking events to each shipment's callbackUrl the way carrier webhooks behave: in
// order per parcel, retried with exponential backoff while the receiver fails, given up only when
// the receiver says the event can never be accepted (404 unknown parcel, 409 conflicting state).
// One lane per parcel, so a receiver that rejects one order's events does not stall the others.
// With reorderCallbacks on, a lane gathers the steps that fall due close together and posts the
// newest first, as carriers whose webhooks race each other do; the older ones then usually meet a 409.
import type { CallbackConfig } from './config';
import type { TrackingEvent } from './shipments';
import type { Logger } from '../shared/runtime';

export interface CallbackStats {
  pending: number;
  delivered: number;
  /** Answered 404/409: final, never retried. */
  rejected: number;
  /** Not queued because the queue was full. */
  dropped: number;
  failedAttempts: number;
}

interface Lane {
  url: string;
  events: TrackingEvent[];
  attempts: number;
  busy: boolean;
  timer: NodeJS.Timeout | undefined;
}

type Attempt = { kind: 'delivered' } | { kind: 'rejected'; status: number } | { kind: 'retry'; cause: string };

export class CallbackDispatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly counts: CallbackStats = { pending: 0, delivered: 0, rejected: 0, dropped: 0, failedAttempts: 0 };
  private readonly stopping = new AbortController();

  /** `reorder` is read at each post, so PUT /admin/faults switches it at run time. */
  constructor(
    private readonly config: CallbackConfig,
    private readonly log: Logger,
    private readonly reorder: () => boolean = () => false,
  ) {}

  /** Queues one event; false when it was dropped because the queue is full or closed. */
  enqueue(url: string, event: TrackingEvent): boolean {
    if (this.stopping.signal.aborted) return false;
    if (this.counts.pending >= this.config.queueLimit) {
      this.counts.dropped++;
      this.log.warn('callback queue full, event dropped', {
        trackingNumber: event.trackingNumber,
        status: event.status,
      });
      return false;
    }
    const lane = this.lanes.get(event.trackingNumber) ?? this.openLane(event.trackingNumber, url);
    lane.events.push(event);
    this.counts.pending++;
    this.pump(event.trackingNumber, lane);
    return true;
  }

  stats(): CallbackStats {
    return { ...this.counts };
  }

  pendingFor(trackingNumber: string): number {
    return this.lanes.get(trackingNumber)?.events.length ?? 0;
  }

  /** Stops retries and aborts requests in flight; undelivered events are lost, as in a crash. */
  close(): void {
    this.stopping.abort();
    for (const lane of this.lanes.values()) clearTimeout(lane.timer);
    this.lanes.clear();
  }

  /** A new lane waits out the reorder window first (its timer holds pump back), gathering later steps. */
  private openLane(key: string, url: string): Lane {
    const lane: Lane = { url, events: [], attempts: 0, busy: false, timer: undefined };
    this.lanes.set(key, lane);
    if (this.reorder()) {
      lane.timer = setTimeout(() => {
        lane.timer = undefined;
        this.pump(key, lane);
      }, this.config.reorderWindowMs);
    }
    return lane;
  }

  private pump(key: string, lane: Lane): void {
    if (lane.busy || lane.timer !== undefined || this.stopping.signal.aborted) return;
    const event = this.reorder() ? lane.events.at(-1) : lane.events[0];
    if (event === undefined) {
      this.lanes.delete(key);
      return;
    }
    lane.busy = true;
    void this.attempt(lane.url, event).then((result) => this.settle(key, lane, event, result));
  }

  private async attempt(url: string, event: TrackingEvent): Promise<Attempt> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
        signal: AbortSignal.any([AbortSignal.timeout(this.config.timeoutMs), this.stopping.signal]),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { kind: 'delivered' };
      if (response.status === 404 || response.status === 409) return { kind: 'rejected', status: response.status };
      return { kind: 'retry', cause: `HTTP ${response.status}` };
    } catch (error) {
      return { kind: 'retry', cause: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }

  private settle(key: string, lane: Lane, event: TrackingEvent, result: Attempt): void {
    lane.busy = false;
    if (this.stopping.signal.aborted) return;
    if (result.kind === 'retry') {
      lane.attempts++;
      this.counts.failedAttempts++;
      const delayMs = Math.min(this.config.retryBaseMs * 2 ** (lane.attempts - 1), this.config.retryMaxMs);
      this.log.warn('callback failed, will retry', {
        trackingNumber: key,
        status: event.status,
        attempt: lane.attempts,
        delayMs,
        cause: result.cause,
      });
      lane.timer = setTimeout(() => {
        lane.timer = undefined;
        this.pump(key, lane);
      }, delayMs);
      return;
    }
    if (result.kind === 'rejected') {
      this.counts.rejected++;
      this.log.warn('callback rejected, not retrying', {
        trackingNumber: key,
        status: event.status,
        httpStatus: result.status,
      });
    } else {
      this.counts.delivered++;
    }
    lane.events.splice(lane.events.indexOf(event), 1);
    lane.attempts = 0;
    this.counts.pending--;
    this.pump(key, lane);
  }
}
