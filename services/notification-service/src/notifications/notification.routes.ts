import { Router } from 'express';
import type { Clock } from '@kot/messaging';
import { ConflictError, NotFoundError, requireAdminToken, uuidFromClient, assertNever } from '@kot/service-kit';
import type { Database } from '@kot/postgres';
import { findNotification, listNotifications } from '../infrastructure/notification-queries';
import { resetFailedNotification } from '../infrastructure/notification-store';
import type { NotificationDb } from '../infrastructure/prisma';

export interface NotificationRoutesDeps {
  prisma: NotificationDb;
  sql: Database;
  adminToken: string;
  clock: Clock;
}

export function notificationRoutes({ prisma, sql, adminToken, clock }: NotificationRoutesDeps): Router {
  const router = Router();

  router.get('/api/v1/notifications', async (req, res) => {
    const orderId = uuidFromClient(req.query.orderId, 'orderId', 'INVALID_ORDER_ID');
    res.json({ orderId, notifications: await listNotifications(prisma, orderId) });
  });

  router.post(
    '/api/v1/notifications/:id/retry',
    requireAdminToken({ token: adminToken, realm: 'notification-service' }),
    async (req, res) => {
      const id = uuidFromClient(req.params.id, 'notification id', 'INVALID_NOTIFICATION_ID');
      const result = await sql.transaction((tx) => resetFailedNotification(tx, id, clock.now()));
      switch (result.kind) {
        case 'not-found':
          throw new NotFoundError(`notification ${id} does not exist`);
        case 'not-failed':
          throw new ConflictError(`only FAILED notifications can be retried; this one is ${result.status}`);
        case 'reset':
          res.status(202).json(await findNotification(prisma, id));
          return;
        default:
          assertNever(result);
      }
    },
  );

  return router;
}
