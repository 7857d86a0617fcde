// The carrier's public API (book, track, cancel a shipment) and the admin API tests use to move
// held parcels along.
import { Router, type Request, type Response } from 'express';
import { parseBody, requireIdempotencyKey, sendError } from '../shared/http';
import { IdempotencyStore, sendOutcome, type StoredResponse } from '../shared/idempotency';
import type { CarrierFaults } from '../shared/faults';
import type { Logger } from '../shared/runtime';
import type { CallbackDispatcher } from './callbacks';
import type { Progression } from './progression';
import {
  isUndeliverable,
  shipmentRequestSchema,
  TRACKING_FLOW,
  type FlowStatus,
  type Shipment,
  type ShipmentBook,
} from './shipments';

export interface CarrierRouteDeps {
  book: ShipmentBook;
  progression: Progression;
  callbacks: CallbackDispatcher;
  /** Read at booking time: fractionalEstimate shapes the answer. */
  faults: { current(): CarrierFaults };
  idempotency: IdempotencyStore;
  stepMs: number;
  log: Logger;
}

export function carrierRouter(deps: CarrierRouteDeps): Router {
  const router = Router();
  router.post('/v1/shipments', (req, res) => createShipment(deps, req, res));
  router.get('/v1/shipments', (req, res) => listForOrder(deps, req, res));
  router.get('/v1/shipments/:trackingNumber', (req, res) =>
    withShipment(deps, req, res, (shipment) => res.json(view(deps, shipment))),
  );
  router.post('/v1/shipments/:trackingNumber/cancel', (req, res) =>
    withShipment(deps, req, res, (shipment) => cancel(deps, shipment, res)),
  );
  router.post('/admin/shipments/:trackingNumber/advance', (req, res) =>
    withShipment(deps, req, res, (shipment) => advance(deps, shipment, req, res)),
  );
  return router;
}

function createShipment(deps: CarrierRouteDeps, req: Request, res: Response): void {
  const key = requireIdempotencyKey(req, res);
  if (key === undefined) return;
  const request = parseBody(shipmentRequestSchema, req, res);
  if (request === undefined) return;
  const outcome = deps.idempotency.execute('shipments', key, request, (): StoredResponse => {
    if (isUndeliverable(request)) {
      deps.log.info('shipment refused', { orderId: request.orderId, reason: 'undeliverable_address' });
      return {
        status: 422,
        body: {
          error: 'undeliverable_address',
          reason: 'undeliverable_address',
          message: 'the carrier cannot deliver to this address',
        },
      };
    }
    const shipment = deps.book.create(request, deps.stepMs, deps.faults.current().fractionalEstimate);
    deps.progression.begin(shipment);
    deps.log.info('shipment created', {
      orderId: request.orderId,
      trackingNumber: shipment.trackingNumber,
      held: shipment.held,
    });
    const { shipmentRef, carrier, trackingNumber, estimatedDeliveryAt, status } = shipment;
    return { status: 201, body: { shipmentRef, carrier, trackingNumber, estimatedDeliveryAt, status } };
  });
  sendOutcome(res, key, outcome);
}

/** Lookup by the merchant's order reference; the order id is required, there is no listing of everything. */
function listForOrder(deps: CarrierRouteDeps, req: Request, res: Response): void {
  const orderId = req.query.orderId;
  if (typeof orderId !== 'string' || orderId.trim() === '') {
    sendError(res, 400, 'invalid_request', 'orderId query parameter is required');
    return;
  }
  res.json(deps.book.ofOrder(orderId).map((shipment) => view(deps, shipment)));
}

function withShipment(deps: CarrierRouteDeps, req: Request, res: Response, handle: (shipment: Shipment) => void): void {
  const trackingNumber = req.params.trackingNumber as string;
  const shipment = deps.book.get(trackingNumber);
  if (shipment) handle(shipment);
  else sendError(res, 404, 'shipment_not_found', `no shipment with tracking number ${trackingNumber}`);
}

function cancel(deps: CarrierRouteDeps, shipment: Shipment, res: Response): void {
  if (deps.progression.cancel(shipment) === 'already_shipped') {
    sendError(res, 409, 'already_shipped', `parcel already ${shipment.status}`, {
      reason: 'already_shipped',
      status: shipment.status,
    });
    return;
  }
  deps.log.info('shipment cancelled', { trackingNumber: shipment.trackingNumber });
  res.json({ trackingNumber: shipment.trackingNumber, shipmentRef: shipment.shipmentRef, status: shipment.status });
}

function advance(deps: CarrierRouteDeps, shipment: Shipment, req: Request, res: Response): void {
  const to = req.query.to;
  if (to !== undefined && !TRACKING_FLOW.includes(to as FlowStatus)) {
    sendError(res, 400, 'invalid_request', `to must be one of ${TRACKING_FLOW.join(', ')}`);
    return;
  }
  const result = deps.progression.advance(shipment, to as FlowStatus | undefined);
  if (result.kind !== 'advanced') {
    sendError(res, 409, result.kind, `cannot advance a parcel that is ${shipment.status}`, {
      reason: result.kind,
      status: shipment.status,
    });
    return;
  }
  res.json(view(deps, shipment));
}

/** The fields the carrier shows of a parcel, in this order (the merchant's callbackUrl is not one of them). */
const VIEW_FIELDS = [
  'shipmentRef',
  'trackingNumber',
  'carrier',
  'orderId',
  'status',
  'held',
  'createdAt',
  'estimatedDeliveryAt',
  'recipient',
  'items',
  'history',
] as const satisfies ReadonlyArray<keyof Shipment>;

function view(deps: CarrierRouteDeps, shipment: Shipment): Record<string, unknown> {
  return {
    ...Object.fromEntries(VIEW_FIELDS.map((field) => [field, shipment[field]])),
    callbacksPending: deps.callbacks.pendingFor(shipment.trackingNumber),
  };
}
