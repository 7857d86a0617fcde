// POST /api/v1/orders for the bench, with the bookkeeping every run needs: when each order was
// placed (the start of its end-to-end latency), HTTP latency, and answers by status so a rate limit
// (429) or errors are reported as the cause of a poor run instead of passing for slowness.
// The orders go to every order-service instance in turn (round robin), as a load balancer would spread them.
import { roundRobin } from '../lib/order-urls';
import type { PostOutcome } from './load';

export class OrderRecorder {
  readonly placedAt = new Map<string, number>();
  /** Start time and duration of every POST, answered or not. */
  readonly posts: Array<{ at: number; ms: number }> = [];
  readonly statuses = new Map<number, number>();

  private readonly nextUrl: () => string;

  constructor(
    orderUrls: string[],
    private readonly runId: string,
  ) {
    this.nextUrl = roundRobin(orderUrls);
  }

  async place(index: number): Promise<PostOutcome> {
    const startedAt = Date.now();
    const t0 = performance.now();
    let status = 0;
    let orderId: string | null = null;
    try {
      const response = await fetch(`${this.nextUrl()}/api/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: orderBody(this.runId, index),
      });
      status = response.status;
      const json = (await response.json().catch(() => ({}))) as { orderId?: unknown };
      if (status === 201 && typeof json.orderId === 'string') orderId = json.orderId;
    } catch {
      status = 0;
    }
    this.posts.push({ at: startedAt, ms: performance.now() - t0 });
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (orderId) this.placedAt.set(orderId, startedAt);
    return { orderId, status };
  }

  statusCounts(): Record<string, number> {
    return Object.fromEntries(
      [...this.statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => [status === 0 ? 'network_error' : String(status), n]),
    );
  }
}

/** Small orders over ten products so stock lasts and inventory rows are not one hot spot. */
export function orderBody(runId: string, index: number): string {
  return JSON.stringify({
    customerInfo: {
      customerId: `BENCH-${runId}-${index % 500}`,
      firstName: 'Bench',
      lastName: 'Mark',
      email: 'bench@example.com',
      phone: '+1-555-0100',
      address: '1 Fast Lane',
      city: 'Speed',
      state: 'CA',
      zipCode: '90000',
    },
    orderItems: [{ productId: `PROD-0${10 + (index % 10)}`, quantity: 1, unitPrice: 1 }],
    totalAmount: 1,
  });
}
