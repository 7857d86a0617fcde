import type { OrderEvent } from '@kot/events';
import type { InventoryCommand } from './reservation';

/** A public event inventory acts on, as the command it becomes and the reason its ledger rows record. */
export interface InventoryRequest {
  command: InventoryCommand;
  reason: string;
}

/**
 * The events inventory reacts to, as commands: the saga's requests (reserve, keep for good, release) and
 * the delivery that turns the kept stock into a permanent decrement. Pure, so the saga simulation feeds
 * inventory exactly as the subscription does; null for every other event on the topic.
 */
export function requestOf(event: OrderEvent, now: number): InventoryRequest | null {
  switch (event.type) {
    case 'InventoryReservationRequested': {
      const { orderId, items, attempt } = event.data;
      return {
        command: { type: 'Reserve', orderId, items, now },
        reason: `reservation requested (attempt ${attempt})`,
      };
    }
    case 'InventoryConfirmationRequested': {
      const { orderId, items, attempt } = event.data;
      return { command: { type: 'Confirm', orderId, items }, reason: `order paid for (attempt ${attempt})` };
    }
    case 'InventoryReleaseRequested':
      return {
        command: { type: 'Release', orderId: event.data.orderId },
        reason: event.data.reason || 'release requested',
      };
    case 'OrderDelivered':
      return { command: { type: 'Commit', orderId: event.data.orderId }, reason: 'order delivered' };
    default:
      return null;
  }
}
