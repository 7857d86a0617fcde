import { z } from 'zod';
import type { Customer, OrderLine } from '@kot/events';

/** The body customers already send to POST /api/v1/orders; money arrives in major units (dollars). */
const text = (max: number) =>
  z.string({ error: 'must be a string' }).trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

const MAX_UNIT_PRICE = 1_000_000;
const MAX_QUANTITY = 10_000;

/** True when a decimal amount has at most two decimals (checked on the exact string form). */
function hasAtMostTwoDecimals(value: number): boolean {
  return /^-?\d+(\.\d{1,2})?$/.test(String(value)) || Number.isInteger(value);
}

const money = (field: string, max: number) =>
  z
    .number({ error: 'must be a number' })
    .finite('must be a finite number')
    .min(0, `${field} must not be negative`)
    .max(max, `${field} must be at most ${max}`)
    .refine(hasAtMostTwoDecimals, `${field} must have at most 2 decimals`);

const customerInfo = z.object(
  {
    customerId: text(64),
    firstName: text(100),
    lastName: text(100),
    email: z.email({ error: 'must be a valid email address' }).max(254, 'must be at most 254 characters'),
    phone: text(32),
    address: text(200),
    city: text(100),
    state: text(100),
    zipCode: text(20),
  },
  { error: 'must be an object' },
);

const orderItem = z.object(
  {
    productId: text(64),
    quantity: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`),
    unitPrice: money('unitPrice', MAX_UNIT_PRICE),
  },
  { error: 'must be an object' },
);

export const placeOrderRequest = z
  .object(
    {
      customerInfo,
      orderItems: z
        .array(orderItem, { error: 'must be an array' })
        .min(1, 'must contain at least one line')
        .max(100, 'must contain at most 100 lines'),
      totalAmount: money('totalAmount', MAX_UNIT_PRICE * MAX_QUANTITY * 100),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code')
        .default('USD'),
    },
    { error: 'request body must be a JSON object' },
  )
  .superRefine((body, ctx) => {
    const linesMinor = body.orderItems.reduce((sum, line) => sum + line.quantity * toMinor(line.unitPrice), 0);
    if (linesMinor !== toMinor(body.totalAmount)) {
      ctx.addIssue({
        code: 'custom',
        path: ['totalAmount'],
        message: `must equal the sum of the lines (${(linesMinor / 100).toFixed(2)})`,
      });
    }
  });

export type PlaceOrderRequest = z.output<typeof placeOrderRequest>;

/** Converts at the edge: everything past the HTTP API speaks integer minor units. */
export function toMinor(amount: number): number {
  return Math.round(amount * 100);
}

export function toMajor(minor: number): number {
  return minor / 100;
}

export function orderLinesOf(body: PlaceOrderRequest): { customer: Customer; items: OrderLine[] } {
  const items = body.orderItems.map((line) => ({
    productId: line.productId,
    quantity: line.quantity,
    unitPriceMinor: toMinor(line.unitPrice),
  }));
  return { customer: body.customerInfo, items };
}
