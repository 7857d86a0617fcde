// Baskets drawn from the inventory catalogue at its real prices. The simulator keeps its own running
// view of what is still available, so happy orders stay happy until the shelves are really empty.
import type { Random } from './mix';

export interface Product {
  productId: string;
  name: string;
  priceMinor: number;
  available: number;
}
export interface OrderLine {
  productId: string;
  quantity: number;
  unitPrice: number;
}

/** The order service refuses more than this per line, so an out-of-stock order never asks for more. */
export const MAX_QUANTITY = 10_000;

export class Shelf {
  private readonly products: Product[];

  constructor(products: readonly Product[]) {
    if (products.length === 0) throw new Error('the inventory catalogue is empty: nothing to order');
    this.products = products.map((p) => ({ ...p }));
  }

  /** One to three different products, one to three of each, preferring what is clearly in stock. */
  happyBasket(random: Random): OrderLine[] {
    const lineCount = 1 + Math.floor(random() * 3);
    const lines: OrderLine[] = [];
    for (let i = 0; i < lineCount; i += 1) {
      const quantity = 1 + Math.floor(random() * 3);
      const candidates = this.products.filter(
        (p) => p.available >= quantity && !lines.some((l) => l.productId === p.productId),
      );
      if (candidates.length === 0) break;
      const product = candidates[Math.min(candidates.length - 1, Math.floor(random() * candidates.length))] as Product;
      product.available -= quantity;
      lines.push({ productId: product.productId, quantity, unitPrice: product.priceMinor / 100 });
    }
    // Everything sold out: order the first product anyway; the saga will say OUT_OF_STOCK, truthfully.
    return lines.length > 0 ? lines : [this.line(this.products[0] as Product, 1)];
  }

  /** Any product: the caller asks the inventory for its current count and orders one more than that. */
  anyProduct(random: Random): Product {
    return this.products[Math.min(this.products.length - 1, Math.floor(random() * this.products.length))] as Product;
  }

  line(product: Product, quantity: number): OrderLine {
    return {
      productId: product.productId,
      quantity: Math.min(quantity, MAX_QUANTITY),
      unitPrice: product.priceMinor / 100,
    };
  }
}

/** The total the order service checks: the sum of the lines, computed in cents to avoid float drift. */
export function totalOf(lines: readonly OrderLine[]): number {
  return lines.reduce((sum, l) => sum + Math.round(l.unitPrice * 100) * l.quantity, 0) / 100;
}
