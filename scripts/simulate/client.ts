// The public HTTP APIs the simulator drives, as any client would: nothing here reaches into a database.
import { randomUUID } from 'node:crypto';
import type { CustomerInfo } from './mix';
import type { OrderLine, Product } from './basket';

const REQUEST_TIMEOUT_MS = 10_000;

export interface Answer {
  status: number;
  body: unknown;
}

/** status 0 means no HTTP answer at all (refused, reset, timed out); body then says why. */
export async function call(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      return { status: response.status, body: text };
    }
  } catch (error) {
    const name = (error as Error).name;
    return { status: 0, body: name === 'TimeoutError' ? 'timeout' : 'no answer' };
  }
}

/** Every product, page by page (the inventory API pages at most 100 at a time). */
export async function loadCatalogue(inventoryUrl: string): Promise<Product[]> {
  const products: Product[] = [];
  let cursor: string | null = null;
  do {
    const answer = await call(
      'GET',
      `${inventoryUrl}/api/v1/inventory?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (answer.status !== 200)
      throw new Error(
        `GET ${inventoryUrl}/api/v1/inventory answered ${answer.status || answer.body}: is the system up (./scripts/start-system.sh)?`,
      );
    const page = answer.body as { items: Product[]; nextCursor: string | null };
    products.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return products;
}

/** Everything the warehouse holds of a product, reserved or not; undefined when the inventory did not answer. */
export async function onHandNow(inventoryUrl: string, productId: string): Promise<number | undefined> {
  const answer = await call('GET', `${inventoryUrl}/api/v1/inventory/${encodeURIComponent(productId)}`);
  return answer.status === 200 ? Number((answer.body as { onHand: number }).onHand) : undefined;
}

export async function placeOrder(
  orderUrl: string,
  customerInfo: CustomerInfo,
  orderItems: OrderLine[],
  totalAmount: number,
  correlationId: string,
): Promise<Answer> {
  return call(
    'POST',
    `${orderUrl}/api/v1/orders`,
    { customerInfo, orderItems, totalAmount },
    {
      'Idempotency-Key': randomUUID(),
      'X-Correlation-ID': correlationId,
    },
  );
}

export async function readOrder(
  orderUrl: string,
  orderId: string,
): Promise<{ status: string; reason?: string } | undefined> {
  const answer = await call('GET', `${orderUrl}/api/v1/orders/${orderId}`);
  if (answer.status !== 200) return undefined;
  const order = answer.body as { status: string; cancellation?: { reason?: string } | null };
  return { status: String(order.status), reason: order.cancellation?.reason };
}

export async function cancelOrder(orderUrl: string, orderId: string): Promise<number> {
  return (
    await call('POST', `${orderUrl}/api/v1/orders/${orderId}/cancel`, {
      reason: 'simulated customer changed their mind',
    })
  ).status;
}
