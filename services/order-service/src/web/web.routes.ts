import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { type Logger, type Metrics, uuidFromClient } from '@kot/service-kit';
import type { OrderDb } from '../infrastructure/prisma';
import { timelineRoutes, TimelineStreams } from './timeline.routes';
import { catalogueView, emailsView, shipmentView } from './ui-views';
import { createUpstream, type Upstream } from './upstream';

/** Next to this file in the source tree; the service runs from source (tsx), so no copy step. */
const PUBLIC_DIR = path.join(__dirname, 'public');

/**
 * Stricter than helmet's default for the page: every asset is ours, no inline script or style, and
 * no upgrade-insecure-requests, which would send a plain-HTTP local page's own assets to https.
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const orderIdOf = (req: Request): string => uuidFromClient(req.params.id, 'order id', 'INVALID_ORDER_ID');

export interface WebOptions {
  prisma: OrderDb;
  logger: Logger;
  metrics: Metrics;
  urls: { inventory: string; shipping: string; notification: string };
  upstreamTimeoutMs: number;
  streamPollMs: number;
}

export interface Web {
  router: Router;
  upstreams: Upstream[];
  /** Ends live streams and stops the breakers' timers. */
  shutdown(): void;
}

/** The order page (static files) and the read-only routes it calls, all on the order service's origin. */
export function createWeb(options: WebOptions): Web {
  const { prisma, logger, metrics, upstreamTimeoutMs: timeoutMs } = options;
  const upstream = (name: string, baseUrl: string) => createUpstream({ name, baseUrl, timeoutMs, metrics, logger });
  const inventory = upstream('inventory-service', options.urls.inventory);
  const shipping = upstream('shipping-service', options.urls.shipping);
  const notification = upstream('notification-service', options.urls.notification);
  const streams = new TimelineStreams({ prisma, pollMs: options.streamPollMs, logger });
  const router = Router();

  router.use(timelineRoutes(streams, prisma, orderIdOf));
  router.get('/api/v1/ui/catalogue', async (_req, res) => {
    res.json(catalogueView(await inventory.get('/api/v1/inventory', { limit: '100' })));
  });
  router.get('/api/v1/ui/orders/:id/emails', async (req, res) => {
    const orderId = orderIdOf(req);
    res.json(emailsView(orderId, await notification.get('/api/v1/notifications', { orderId })));
  });
  router.get('/api/v1/ui/orders/:id/shipment', async (req, res) => {
    const orderId = orderIdOf(req);
    res.json(shipmentView(orderId, await shipping.get(`/api/v1/shipments/${orderId}`)));
  });
  router.use(express.static(PUBLIC_DIR, { index: 'index.html', setHeaders: pageHeaders }));

  return {
    router,
    upstreams: [inventory, shipping, notification],
    shutdown() {
      streams.closeAll();
      for (const client of [inventory, shipping, notification]) client.shutdown();
    },
  };
}

function pageHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', PAGE_POLICY);
  // Small files that change with the code: revalidate each time rather than serve a stale page.
  res.setHeader('Cache-Control', 'no-cache');
}
