// Keeps the bench's ten products (PROD-010..019) stocked for the orders a run will place, through
// the inventory admin API, so sagas are not cut short by OUT_OF_STOCK cancellations that would
// flatter the throughput. Stock is only ever raised, never lowered.
import { DEV_ADMIN_TOKEN } from '@kot/service-kit';

export const BENCH_PRODUCTS = Array.from({ length: 10 }, (_, i) => `PROD-0${10 + i}`);

/** On-hand count to set so `needed` more units are available; null when enough already are. */
export function restockTarget(onHand: number, available: number, needed: number): number | null {
  return available >= needed ? null : onHand + (needed - available);
}

/** Returns problems (empty when every product has `unitsPerProduct` available). */
export async function ensureStock(
  inventoryUrl: string,
  adminToken: string | undefined,
  unitsPerProduct: number,
): Promise<string[]> {
  const problems: string[] = [];
  for (const productId of BENCH_PRODUCTS) {
    try {
      const product = (await (await fetch(`${inventoryUrl}/api/v1/inventory/${productId}`)).json()) as {
        onHand: number;
        available: number;
      };
      const target = restockTarget(product.onHand, product.available, unitsPerProduct);
      if (target === null) continue;
      const response = await fetch(`${inventoryUrl}/api/v1/inventory/${productId}/stock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken ?? DEV_ADMIN_TOKEN}` },
        body: JSON.stringify({ quantity: target, reason: 'bench restock' }),
      });
      if (!response.ok)
        problems.push(
          `restock of ${productId} answered ${response.status} (set ADMIN_TOKEN to the services' admin token)`,
        );
    } catch (error) {
      problems.push(`restock of ${productId} failed: ${(error as Error).message}`);
    }
  }
  return problems;
}
