import type { EachBatchPayload } from 'kafkajs';
import type { EventType } from '@kot/events';
import type { SqlTx } from '@kot/postgres';
import { claimInboxBatch } from '../inbox';
import { silentLogger } from '../logger';
import type { ConsumerOptions, Outcome } from './consumer-options';
import { decodeDelivery, type Delivery, type Handleable, type Step } from './delivery';
import { handleOne, inMessageScope, recordHandled, runHandler } from './handle-one';
import { deadLetter } from './park';

/**
 * One fetched batch of a partition, in order. Consecutive handleable events share one database
 * transaction (inbox claims, handlers and their outbox rows commit together), which turns N commits into
 * one under load. If that transaction fails, its events are handled again one by one, so retries and
 * dead-lettering stay per event and one bad event never takes its neighbours down with it.
 */
export async function handleBatch<Tx extends SqlTx>(
  options: ConsumerOptions<Tx>,
  payload: EachBatchPayload,
): Promise<void> {
  const limit = Math.max(1, options.maxEventsPerTransaction ?? 100);
  let run: Handleable[] = [];
  const flush = async (): Promise<void> => {
    if (run.length === 0) return;
    const items = run;
    run = [];
    await handleRun(options, items);
    for (const item of items) payload.resolveOffset(item.delivery.message.offset);
    await payload.commitOffsetsIfNecessary();
    await payload.heartbeat();
  };
  for (const message of payload.batch.messages) {
    if (!payload.isRunning() || payload.isStale()) break;
    const delivery: Delivery = {
      topic: payload.batch.topic,
      partition: payload.batch.partition,
      message,
      heartbeat: payload.heartbeat,
    };
    const step = await decodeDelivery(options.codec, options.subscriptions, delivery);
    if (step.kind === 'handle') {
      run.push(step);
      if (run.length >= limit) await flush();
      continue;
    }
    await flush();
    await settle(options, step);
    payload.resolveOffset(message.offset);
  }
  await flush();
  await payload.commitOffsetsIfNecessary();
}

async function settle<Tx extends SqlTx>(options: ConsumerOptions<Tx>, step: Exclude<Step, Handleable>): Promise<void> {
  if (step.kind === 'poison') return deadLetter(options, step.delivery, step.reason, step.error, step.type);
  options.metrics?.eventsConsumed.inc({ type: step.type, outcome: 'ignored', group: options.groupId });
}

/** Thrown out of a batch transaction when one event's handler failed: says which one. */
class EventFailed extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('an event of the batch failed');
  }
}

/**
 * Handles a run of events in one transaction. When event i fails, the events before it (which ran fine)
 * commit together, event i alone goes through retries and maybe the dead-letter topic, and the rest
 * carries on batched: one bad event costs two extra transactions, not one per event.
 */
async function handleRun<Tx extends SqlTx>(options: ConsumerOptions<Tx>, items: Handleable[]): Promise<void> {
  if (items.length === 0) return;
  if (items.length === 1) {
    await handleOne(options, items[0] as Handleable);
    return notify(options, items);
  }
  try {
    await handleTogether(options, items);
    return notify(options, items);
  } catch (error) {
    const at = error instanceof EventFailed ? error.index : -1;
    (options.logger ?? silentLogger).debug(
      { err: error instanceof EventFailed ? error.cause : error, events: items.length, at },
      'batch transaction failed; splitting it',
    );
    if (at < 0) {
      for (const item of items) await handleOne(options, item);
      return notify(options, items);
    }
    await handleRun(options, items.slice(0, at));
    await handleRun(options, [items[at] as Handleable]);
    await handleRun(options, items.slice(at + 1));
  }
}

async function handleTogether<Tx extends SqlTx>(options: ConsumerOptions<Tx>, items: Handleable[]): Promise<void> {
  const results = await options.transaction(async (tx) => {
    const fresh = await claimInboxBatch(
      tx,
      options.schema,
      options.groupId,
      items.map((i) => ({ eventId: i.metadata.eventId, eventType: i.event.type })),
    );
    await options.subscriptions.lockPlan?.(
      tx,
      items.filter((i) => fresh.has(i.metadata.eventId)).map((i) => i.event),
    );
    const outcomes: Array<{ outcome: Outcome; seconds: number }> = [];
    for (const item of items) {
      if (!fresh.delete(item.metadata.eventId)) {
        outcomes.push({ outcome: 'duplicate', seconds: 0 });
        continue;
      }
      const started = process.hrtime.bigint();
      try {
        await inMessageScope(options, item, (metadata) => runHandler(options, tx, item.event, metadata));
      } catch (error) {
        throw new EventFailed(items.indexOf(item), error);
      }
      outcomes.push({ outcome: 'processed', seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    }
    return outcomes;
  });
  results.forEach((result, i) => recordHandled(options, items[i] as Handleable, result.outcome, result.seconds));
}

function notify<Tx extends SqlTx>(options: ConsumerOptions<Tx>, items: Handleable[]): void {
  if (!options.onCommitted) return;
  options.onCommitted(new Set<EventType>(items.map((item) => item.event.type)));
}
