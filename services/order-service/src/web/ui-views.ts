import { z } from 'zod';
import { AppError } from '@kot/service-kit';

/**
 * The small shapes the page reads, cut from the other services' answers. Parsing them here means a
 * change in another service's API shows up as one clear 502 instead of a page that half renders.
 */
const inventoryPage = z.object({
  items: z.array(
    z.object({
      productId: z.string(),
      name: z.string(),
      priceMinor: z.number().int(),
      currency: z.string(),
      available: z.number().int(),
    }),
  ),
});

const notificationList = z.object({
  notifications: z.array(
    z.object({
      id: z.string(),
      milestone: z.string(),
      status: z.string(),
      recipient: z.string(),
      subject: z.string(),
      attempts: z.number(),
      sentAt: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});

const shipment = z.object({
  shipmentId: z.string(),
  status: z.string(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  estimatedDeliveryAt: z.string().nullable(),
  failureReason: z.string().nullable(),
  history: z.array(z.object({ status: z.string(), location: z.string().nullable(), occurredAt: z.string() })),
});

function read<S extends z.ZodType>(source: string, schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new AppError({
    code: 'UPSTREAM_UNEXPECTED',
    status: 502,
    title: 'Bad gateway',
    detail: `${source} answered in an unexpected shape`,
  });
}

export function catalogueView(body: unknown) {
  const { items } = read('inventory-service', inventoryPage, body);
  return {
    products: items.map((item) => ({
      productId: item.productId,
      name: item.name,
      unitPrice: item.priceMinor / 100,
      currency: item.currency,
      available: item.available,
    })),
  };
}

export function emailsView(orderId: string, body: unknown) {
  const { notifications } = read('notification-service', notificationList, body);
  return { orderId, emails: notifications };
}

export function shipmentView(orderId: string, body: unknown) {
  return { orderId, ...read('shipping-service', shipment, body) };
}
