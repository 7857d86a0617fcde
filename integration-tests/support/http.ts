import { randomUUID } from 'node:crypto';
import { http } from '@kot/testing';

/** GET returning parsed JSON; tests assert on the shape, so it is deliberately loose. */
export const getJson = async (url: string): Promise<any> => (await http<any>('GET', url)).body;
export const request = (method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
  http<any>(method, url, body, headers);

/** A realistic order body; markers in customerId/address drive the simulators (DECLINE, UNDELIVERABLE, HOLD). */
export function orderBody(
  options: {
    customerId?: string;
    address?: string;
    lines?: Array<{ productId: string; quantity: number; unitPrice: number }>;
  } = {},
) {
  const lines = options.lines ?? [
    { productId: 'PROD-001', quantity: 2, unitPrice: 19.99 },
    { productId: 'PROD-003', quantity: 1, unitPrice: 24.95 },
  ];
  const totalMinor = lines.reduce((sum, l) => sum + Math.round(l.unitPrice * 100) * l.quantity, 0);
  return {
    customerInfo: {
      customerId: options.customerId ?? `CUST-${randomUUID().slice(0, 8)}`,
      firstName: 'Katherine',
      lastName: 'Johnson',
      email: 'katherine.johnson@example.com',
      phone: '+1-757-555-0199',
      address: options.address ?? '12 Langley Blvd',
      city: 'Hampton',
      state: 'VA',
      zipCode: '23681',
    },
    orderItems: lines,
    totalAmount: totalMinor / 100,
  };
}
