import { isObserved, type DecidedEvent, type ObservedEvent, type OrderStreamEvent, type Timed } from './order.events';
import { awaitsParcel, type OrderState, type Waiting } from './order.state';
import { retakesHold, stepsAfter } from './order.steps';

/** A request is re-sent with a higher attempt number; anything else waiting is replaced. */
function waitFor(state: OrderState, kind: Waiting['for'], at: number): Waiting {
  const attempts = state.waiting?.for === kind ? state.waiting.attempts + 1 : 1;
  return { for: kind, since: at, attempts };
}

const delivery = (at: number): Waiting => ({ for: 'DELIVERY', since: at, attempts: 1 });

/** The wait ends if it was for one of `kinds`; a reply to something else leaves it as it is. */
function answered(state: OrderState, ...kinds: Waiting['for'][]): Waiting | null {
  return state.waiting && kinds.includes(state.waiting.for) ? null : state.waiting;
}

/**
 * Folds one event of the stream into the order: what it holds elsewhere (order.steps.ts, the rules
 * decide reads too), then where the saga stands and what it waits for. The time a wait starts is the
 * event's own `at`.
 */
export function evolve(state: OrderState, event: OrderStreamEvent): OrderState {
  const held = stepsAfter(state, event);
  const next = progress(state, event);
  return {
    ...next,
    inventory: held.inventory,
    payment: { ...next.payment, step: held.payment },
    shipment: { ...next.shipment, step: held.shipment },
    version: state.version + 1,
  };
}

/** Everything but the steps: status, the wait, and what the events tell about the order. */
const progress = (state: OrderState, event: OrderStreamEvent): OrderState =>
  isObserved(event) ? afterReply(state, event) : afterDecision(state, event);

function afterReply(state: OrderState, event: Timed<ObservedEvent>): OrderState {
  const { at } = event;
  switch (event.type) {
    case 'InventoryReserved':
      if (!retakesHold(state.inventory)) return state;
      return {
        ...state,
        status: state.status === 'RESERVING' ? 'PAYING' : state.status,
        waiting: answered(state, 'RESERVATION'),
      };
    case 'InventoryReservationRejected':
      // The answer to a reservation, or to a confirmation of a hold that lapsed and could not be retaken.
      return { ...state, waiting: answered(state, 'RESERVATION', 'STOCK_CONFIRMATION') };
    case 'InventoryConfirmed':
      return { ...state, waiting: answered(state, 'STOCK_CONFIRMATION') };
    case 'InventoryReleased':
      return { ...state, waiting: answered(state, 'RELEASE') };
    case 'ShipmentScheduled': {
      const { shipmentId, carrier, trackingNumber } = event.data;
      return {
        ...state,
        shipment: { ...state.shipment, shipmentId, carrier, trackingNumber },
        waiting: answered(state, 'SHIPMENT'),
      };
    }
    case 'ShipmentFailed':
      return { ...state, waiting: answered(state, 'SHIPMENT') };
    case 'ShipmentStatusChanged': {
      const { shipmentId, trackingNumber } = event.data;
      const waiting = awaitsParcel(state) ? delivery(at) : state.waiting; // news of the parcel restarts its clock
      return { ...state, shipment: { ...state.shipment, shipmentId, trackingNumber }, waiting };
    }
    case 'ShipmentCancelled':
      return { ...state, waiting: answered(state, 'SHIPMENT_CANCELLATION') };
    case 'ShipmentCancellationRejected':
      // The parcel had already left: the cancellation is withdrawn and the order carries on.
      return state.status === 'COMPENSATING'
        ? { ...state, status: 'CONFIRMED', cancellation: null, waiting: delivery(at) }
        : { ...state, waiting: answered(state, 'SHIPMENT_CANCELLATION') };
    case 'InventoryCommitted':
    case 'NotificationSent':
    case 'NotificationFailed':
      return state;
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

function afterDecision(state: OrderState, event: Timed<DecidedEvent>): OrderState {
  const { at } = event;
  switch (event.type) {
    case 'OrderPlaced': {
      const { customer, items, totalMinor, currency, placedAt } = event.data;
      return { ...state, status: 'RESERVING', customer, items, totalMinor, currency, placedAt };
    }
    case 'InventoryReservationRequested':
      return { ...state, waiting: waitFor(state, 'RESERVATION', at) };
    case 'InventoryConfirmationRequested':
      return { ...state, waiting: waitFor(state, 'STOCK_CONFIRMATION', at) };
    case 'PaymentAuthorized':
      return {
        ...state,
        payment: { ...state.payment, paymentId: event.data.paymentId },
        status: state.status === 'PAYING' ? 'SCHEDULING' : state.status,
      };
    case 'ShipmentRequested':
      return { ...state, waiting: waitFor(state, awaitsParcel(state) ? 'DELIVERY' : 'SHIPMENT', at) };
    case 'OrderConfirmed':
      return { ...state, status: 'CONFIRMED', confirmed: true, waiting: delivery(at) };
    case 'OrderShipped':
      return { ...state, status: 'SHIPPED' };
    case 'OrderDelivered':
      return { ...state, status: 'DELIVERED', waiting: null };
    case 'OrderCancellationRequested': {
      const { code, detail, productId } = event.data; // version 1 data was upcast when the stream was read
      const cancellation = { reason: code ?? 'CUSTOMER_REQUEST', detail: detail ?? event.data.reason, productId };
      return { ...state, status: 'COMPENSATING', cancellation };
    }
    case 'ShipmentCancellationRequested':
      return { ...state, waiting: waitFor(state, 'SHIPMENT_CANCELLATION', at) };
    case 'InventoryReleaseRequested':
      return { ...state, waiting: waitFor(state, 'RELEASE', at) };
    case 'OrderCancelled': {
      const { reason, detail, productId } = event.data;
      return { ...state, status: 'CANCELLED', cancellation: { reason, detail, productId }, waiting: null };
    }
    case 'PaymentDeclined':
    case 'PaymentRefunded':
      return state;
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}
