import { Router, type Request, type Response } from 'express';
import { NotFoundError, type Logger } from '@kot/service-kit';
import { readStream } from '../infrastructure/stream-queries';
import type { OrderDb } from '../infrastructure/prisma';
import { timelineView, type TimelineView } from './timeline';

/** The order's timeline as it is in the event store now; 404 for an order that was never placed. */
export async function readTimeline(prisma: OrderDb, orderId: string): Promise<TimelineView> {
  const { state, events } = await readStream(prisma, orderId);
  if (events.length === 0) throw new NotFoundError(`order ${orderId} does not exist`, { code: 'ORDER_NOT_FOUND' });
  return timelineView(
    orderId,
    state.status,
    events.map(({ version, event, metadata }) => ({ version, type: event.type, data: event.data, metadata })),
  );
}

export interface TimelineStreamsOptions {
  prisma: OrderDb;
  pollMs: number;
  logger: Logger;
}

/**
 * Live timelines over server-sent events. Each stream polls the event store (the store is the
 * truth, and polling survives a restart of the consumer) and sends the whole timeline whenever its
 * version grows; it ends itself once the order is terminal. closeAll() ends every stream on shutdown.
 */
export class TimelineStreams {
  private readonly open = new Set<() => void>();

  constructor(private readonly options: TimelineStreamsOptions) {}

  get size(): number {
    return this.open.size;
  }

  /** Reads the first view before any header is sent, so an unknown order is still a plain 404 problem. */
  async serve(res: Response, orderId: string): Promise<void> {
    const first = await readTimeline(this.options.prisma, orderId);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    let timer: NodeJS.Timeout | undefined;
    let sentSteps = 0;
    const finish = () => {
      clearTimeout(timer);
      if (!this.open.delete(finish)) return;
      res.end();
    };
    const send = (view: TimelineView) => {
      sentSteps = view.steps.length;
      res.write(`event: timeline\ndata: ${JSON.stringify(view)}\n\n`);
      if (view.terminal) finish();
    };
    const poll = async () => {
      try {
        const view = await readTimeline(this.options.prisma, orderId);
        if (view.steps.length > sentSteps) send(view);
      } catch (error) {
        this.options.logger.warn({ err: error, orderId }, 'timeline stream poll failed; trying again');
      }
      if (this.open.has(finish)) timer = setTimeout(() => void poll(), this.options.pollMs);
    };
    this.open.add(finish);
    res.on('close', finish);
    send(first);
    if (this.open.has(finish)) timer = setTimeout(() => void poll(), this.options.pollMs);
  }

  closeAll(): void {
    for (const finish of [...this.open]) finish();
  }
}

/** The timeline as JSON, and live; `orderIdOf` validates the `:id` parameter. */
export function timelineRoutes(streams: TimelineStreams, prisma: OrderDb, orderIdOf: (req: Request) => string): Router {
  const router = Router();
  router.get('/api/v1/orders/:id/timeline', async (req, res) => {
    res.json(await readTimeline(prisma, orderIdOf(req)));
  });
  router.get('/api/v1/orders/:id/timeline/stream', async (req, res) => {
    await streams.serve(res, orderIdOf(req));
  });
  return router;
}
