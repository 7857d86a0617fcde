import { causedBy, type Subscriptions } from '@kot/messaging';
import { type PgTx } from '@kot/postgres';
import { handleCommand, callbackUrlFor, type ShippingDeps } from './shipment-commands';

/**
 * The saga's requests. Neither handler calls the carrier: a request records a PENDING shipment whose
 * booking the worker makes after this transaction commits, so no transaction waits on HTTP and the
 * request survives a carrier outage (or a crash) until it is booked.
 */
export function shippingSubscriptions(deps: ShippingDeps): Subscriptions<PgTx> {
  return {
    ShipmentRequested: async ({ data }, ctx) => {
      const shipmentId = deps.ids.next();
      const created = {
        recipient: data.recipient,
        items: data.items,
        callbackUrl: callbackUrlFor(deps.publicUrl, shipmentId),
        cause: causedBy(ctx.metadata),
      };
      const { events } = await handleCommand(
        ctx.tx,
        deps,
        { orderId: data.orderId },
        { type: 'RequestShipment', orderId: data.orderId, newShipmentId: shipmentId, now: deps.clock.now() },
        created,
      );
      if (events.length > 0) await ctx.emit(...events);
    },
    ShipmentCancellationRequested: async ({ data }, ctx) => {
      const created = { recipient: null, items: null, callbackUrl: null, cause: causedBy(ctx.metadata) };
      const { events } = await handleCommand(
        ctx.tx,
        deps,
        { orderId: data.orderId },
        { type: 'CancelShipment', orderId: data.orderId, newShipmentId: deps.ids.next(), now: deps.clock.now() },
        created,
      );
      if (events.length > 0) await ctx.emit(...events);
    },
  };
}
