import { Router, type Request } from 'express';
import { z } from 'zod';
import { SHIPMENT_STATUS_VALUES } from '@kot/events';
import { MalformedRequestError, parseOrThrow } from '@kot/service-kit';
import type { Database } from '@kot/postgres';
import type { ShippingDb } from '../infrastructure/prisma';
import { recordTrackingUpdate, type ShippingDeps } from '../infrastructure/shipment-commands';
import { getShipmentOfOrder, listShipments } from '../infrastructure/shipment-queries';
import { SHIPMENT_STATUSES } from './shipment';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const listQuery = z.object({
  status: z
    .enum(SHIPMENT_STATUSES as [string, ...string[]], { error: `must be one of ${SHIPMENT_STATUSES.join(', ')}` })
    .optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(20),
  cursor: z.string().max(512, 'is too long').optional(),
});

/** What the carrier posts for each tracking step (see the carrier's webhook contract). */
const trackingCallback = z.object({
  trackingNumber: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters'),
  status: z.enum(SHIPMENT_STATUS_VALUES as [string, ...string[]], {
    error: `must be one of ${SHIPMENT_STATUS_VALUES.join(', ')}`,
  }),
  location: z.string({ error: 'must be a string' }).max(500, 'must be at most 500 characters').nullable().default(null),
  occurredAt: z
    .number({ error: 'must be epoch milliseconds' })
    .int('must be epoch milliseconds')
    .positive('must be epoch milliseconds'),
});

function keyParam(req: Request, name: string): string {
  const value = String(req.params[name]);
  if (!KEY.test(value))
    throw new MalformedRequestError(`${name} "${value.slice(0, 80)}" is not valid`, { code: 'INVALID_IDENTIFIER' });
  return value;
}

/** `sql` carries the writes (carrier callbacks), `prisma` the reads. */
export function shipmentRoutes({ prisma, sql }: { prisma: ShippingDb; sql: Database }, deps: ShippingDeps): Router {
  const router = Router();

  router.get('/api/v1/shipments', async (req, res) => {
    res.json(await listShipments(prisma, parseOrThrow(listQuery, req.query)));
  });

  router.get('/api/v1/shipments/:orderId', async (req, res) => {
    res.json(await getShipmentOfOrder(prisma, keyParam(req, 'orderId')));
  });

  // Carrier webhook. `:id` is our shipment id (what the callback URL we hand the carrier contains) or
  // the carrier's tracking number; either finds the shipment. A repeat of a recorded step is 200.
  router.post('/api/v1/shipments/:id/events', async (req, res) => {
    const id = keyParam(req, 'id');
    const update = parseOrThrow(trackingCallback, req.body);
    res.json(
      await recordTrackingUpdate(sql, deps, id, {
        ...update,
        status: update.status as (typeof SHIPMENT_STATUS_VALUES)[number],
      }),
    );
  });

  return router;
}
