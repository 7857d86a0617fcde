import { Router } from 'express';
import type { Clock } from '@kot/messaging';
import { summaryFor, topProducts } from '../infrastructure/analytics-queries';
import type { AnalyticsDb } from '../infrastructure/prisma';
import { topProductsView } from './aggregation';
import { parseSummaryWindow, parseTopProductsQuery } from './query-params';

export interface AnalyticsRoutesDeps {
  prisma: AnalyticsDb;
  clock: Clock;
  defaultWindowMs: number;
}

export function analyticsRoutes({ prisma, clock, defaultWindowMs }: AnalyticsRoutesDeps): Router {
  const router = Router();

  router.get('/api/v1/analytics/summary', async (req, res) => {
    const { from, to } = parseSummaryWindow(req.query, clock.now(), defaultWindowMs);
    res.json(await summaryFor(prisma, from, to));
  });

  router.get('/api/v1/analytics/products/top', async (req, res) => {
    const { limit, by } = parseTopProductsQuery(req.query);
    res.json(topProductsView(await topProducts(prisma, by, limit), by));
  });

  return router;
}
