/**
 * The catalogue every fresh inventory starts with (and `npm run -w inventory-service seed` resets to).
 * Prices are in minor units (cents). PROD-001 and PROD-002 match the order service's sample orders.
 */
export interface CatalogueEntry {
  id: string;
  name: string;
  priceMinor: number;
  onHand: number;
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  { id: 'PROD-001', name: 'Cotton Crew T-Shirt (Navy, M)', priceMinor: 1999, onHand: 500 },
  { id: 'PROD-002', name: 'Organic Ground Coffee 250 g', priceMinor: 550, onHand: 800 },
  { id: 'PROD-003', name: 'Stainless Steel Water Bottle 750 ml', priceMinor: 2495, onHand: 300 },
  { id: 'PROD-004', name: 'Wireless Ergonomic Mouse', priceMinor: 3999, onHand: 150 },
  { id: 'PROD-005', name: 'Mechanical Keyboard (Brown Switches)', priceMinor: 12999, onHand: 80 },
  { id: 'PROD-006', name: 'USB-C Charging Cable 2 m', priceMinor: 1299, onHand: 1000 },
  { id: 'PROD-007', name: '27" 4K IPS Monitor', priceMinor: 34999, onHand: 40 },
  { id: 'PROD-008', name: 'Noise-Cancelling Headphones', priceMinor: 24900, onHand: 60 },
  { id: 'PROD-009', name: 'Yoga Mat 6 mm (Charcoal)', priceMinor: 2999, onHand: 220 },
  { id: 'PROD-010', name: 'Cast Iron Skillet 26 cm', priceMinor: 4450, onHand: 90 },
  { id: 'PROD-011', name: 'Paperback: The Pragmatic Programmer', priceMinor: 3995, onHand: 120 },
  { id: 'PROD-012', name: 'LED Desk Lamp with Dimmer', priceMinor: 3499, onHand: 140 },
  { id: 'PROD-013', name: 'Running Shoes (Size 42)', priceMinor: 8999, onHand: 75 },
  { id: 'PROD-014', name: 'Merino Wool Socks (3-pack)', priceMinor: 2199, onHand: 400 },
  { id: 'PROD-015', name: 'French Press 1 l', priceMinor: 2799, onHand: 130 },
  { id: 'PROD-016', name: 'Backpack 28 l (Olive)', priceMinor: 6900, onHand: 95 },
  { id: 'PROD-017', name: 'Bluetooth Speaker (Waterproof)', priceMinor: 5999, onHand: 110 },
  { id: 'PROD-018', name: "Chef's Knife 20 cm", priceMinor: 7950, onHand: 65 },
  { id: 'PROD-019', name: 'Ceramic Mug Set (4 pieces)', priceMinor: 3200, onHand: 180 },
  { id: 'PROD-020', name: 'Smartphone Tripod with Remote', priceMinor: 1899, onHand: 260 },
  { id: 'PROD-021', name: 'Hardcover Notebook A5 (Dotted)', priceMinor: 1450, onHand: 600 },
  { id: 'PROD-022', name: 'Portable SSD 1 TB', priceMinor: 10999, onHand: 70 },
  { id: 'PROD-023', name: 'Insulated Rain Jacket (L)', priceMinor: 11900, onHand: 55 },
  { id: 'PROD-024', name: 'Board Game: Settlers Classic', priceMinor: 4499, onHand: 85 },
];
