import type { StreamEvent } from './order.events';
import {
  awaitsParcel,
  type InventoryStep,
  type OrderState,
  type OrderStatus,
  type PaymentStep,
  type ShipmentStep,
} from './order.state';

/**
 * What the order holds at the other services and the payment provider: its stock, its payment and its
 * shipment. One set of rules for how an event moves them, read by two: evolve records them, and decide
 * sees from them what is held once a reply lands (the compensation undoes exactly that), so the saga
 * never folds its own decisions to learn where it stands.
 */
export interface Steps {
  inventory: InventoryStep;
  payment: PaymentStep;
  shipment: ShipmentStep;
}

export const stepsOf = (state: OrderState): Steps => ({
  inventory: state.inventory,
  payment: state.payment.step,
  shipment: state.shipment.step,
});

/** A hold taken again after one expired (a re-request answered late, or a re-hold for a confirmed order). */
export const retakesHold = (inventory: InventoryStep): boolean => inventory === 'REQUESTED' || inventory === 'RELEASED';

/** A cancellation while the payment is due leaves it unsettled: an authorization may be in flight. */
export const paymentOnCancellation = (status: OrderStatus, payment: PaymentStep): PaymentStep =>
  status === 'PAYING' && payment === 'NONE' ? 'UNSETTLED' : payment;

export const stepsAfter = (state: OrderState, event: StreamEvent): Steps => ({
  inventory: inventoryAfter(state.inventory, event),
  payment: paymentAfter(state, event),
  shipment: shipmentAfter(state, event),
});

/** Asked to keep the stock for good: a lapse reported before that answer is settled by the answer. */
const confirming = (inventory: InventoryStep): boolean =>
  inventory === 'CONFIRM_REQUESTED' || inventory === 'CONFIRMED';

function inventoryAfter(inventory: InventoryStep, event: StreamEvent): InventoryStep {
  switch (event.type) {
    case 'InventoryReservationRequested':
      return 'REQUESTED';
    case 'InventoryReserved':
      // Held now, whatever the saga does with it next (keep it, or release it).
      return retakesHold(inventory) ? 'RESERVED' : inventory;
    case 'InventoryReservationRejected':
      return 'REJECTED';
    case 'InventoryConfirmationRequested':
      return 'CONFIRM_REQUESTED';
    case 'InventoryConfirmed':
      // Held for good now, also when a late answer reaches an order that had let it go (it is then released);
      // a release already asked for will answer for it.
      return inventory === 'RELEASE_REQUESTED' || inventory === 'COMMITTED' ? inventory : 'CONFIRMED';
    case 'InventoryReleaseRequested':
      return 'RELEASE_REQUESTED';
    case 'InventoryReleased':
      return event.data.reason === 'EXPIRED' && confirming(inventory) ? inventory : 'RELEASED';
    case 'InventoryCommitted':
      return 'COMMITTED';
    default:
      return inventory;
  }
}

function paymentAfter(state: OrderState, event: StreamEvent): PaymentStep {
  switch (event.type) {
    case 'PaymentAuthorized':
      return 'AUTHORIZED';
    case 'PaymentDeclined':
      return 'DECLINED';
    case 'PaymentRefunded':
      return 'REFUNDED';
    case 'OrderCancellationRequested':
      return paymentOnCancellation(state.status, state.payment.step);
    default:
      return state.payment.step;
  }
}

function shipmentAfter(state: OrderState, event: StreamEvent): ShipmentStep {
  const { step } = state.shipment;
  switch (event.type) {
    case 'ShipmentRequested':
      // Asked again of a confirmed order, it is a question (where is the parcel?), not a new shipment.
      return awaitsParcel(state) ? step : 'REQUESTED';
    case 'ShipmentScheduled':
      return step === 'NONE' || step === 'REQUESTED' ? 'SCHEDULED' : step;
    case 'ShipmentFailed':
      return 'FAILED';
    case 'ShipmentStatusChanged':
      // While a cancellation is pending its answer decides what happens; progress is only remembered.
      return step === 'CANCEL_REQUESTED' ? step : event.data.status;
    case 'ShipmentCancellationRequested':
      return 'CANCEL_REQUESTED';
    case 'ShipmentCancelled':
      return 'CANCELLED';
    case 'ShipmentCancellationRejected':
      return event.data.status as ShipmentStep; // shipping's own status: the parcel had left
    default:
      return step;
  }
}
