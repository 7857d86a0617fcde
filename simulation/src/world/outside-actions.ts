// What the outside world may do next. Healthy: a server answers, the caller takes the answer, the
// carrier moves a parcel one step and posts each status once, in order. With chaos: replies are
// lost, servers refuse, callers time out, and the carrier skips, repeats and reorders statuses.
import type { Action } from './context';
import type { CarrierModel, Parcel } from './carrier';
import type { Wire } from './wire';
import type { ShippingServiceModel } from '../services/shipping-service';

export function wireActions<Req, Rep>(wire: Wire<Req, Rep>, chaos: boolean): Action[] {
  const serving = wire.unserved().flatMap((call) => [
    { label: `${wire.name} handles ${call.label}`, run: () => wire.serveCall(call.id, 'answer') },
    ...(chaos
      ? [
          ...(wire.exactlyWhileWaiting
            ? []
            : [
                {
                  label: `${wire.name} handles ${call.label}, but the reply is lost`,
                  run: () => wire.serveCall(call.id, 'lose-reply'),
                },
              ]),
          { label: `${wire.name} refuses ${call.label} (unavailable)`, run: () => wire.serveCall(call.id, 'refuse') },
        ]
      : []),
  ]);
  const completing = wire.completable().map((call) => {
    const outcome =
      call.state === 'answered'
        ? 'takes the answer to'
        : call.state === 'refused'
          ? 'takes the refusal of'
          : 'times out on';
    return { label: `${call.caller} ${outcome} ${call.label}`, run: () => wire.complete(call.id) };
  });
  return [...serving, ...completing];
}

const CALLBACK_RETRY_MS = 5_000;

function post(shipping: ShippingServiceModel, parcel: Parcel, index: number, repeat: boolean, now: number): void {
  const status = (repeat ? parcel.posted[index] : parcel.outbox[index]) as Parcel['posted'][number];
  const answer = shipping.tracking(parcel.orderId, parcel.trackingNumber, status);
  if (repeat) return;
  if (answer === 503) {
    parcel.retryAt = now + CALLBACK_RETRY_MS; // not booked yet on shipping's side: the carrier retries later
    return;
  }
  parcel.outbox.splice(index, 1);
  parcel.posted.push(status);
}

export function carrierActions(
  carrier: CarrierModel,
  shipping: ShippingServiceModel,
  chaos: boolean,
  now: number,
): Action[] {
  const moves = carrier.moving().flatMap((parcel) =>
    [0, ...(chaos ? [1, 2] : [])].map((skip) => ({
      label: `carrier moves the parcel of ${parcel.orderId} on from ${parcel.status}${skip > 0 ? `, skipping ${skip} status${skip > 1 ? 'es' : ''}` : ''}`,
      run: () => carrier.advance(parcel, skip),
    })),
  );
  const callbacks = carrier.withCallbacks().flatMap((parcel) => {
    const actions: Action[] = [];
    if (parcel.outbox.length > 0 && parcel.retryAt <= now)
      actions.push({
        label: `carrier posts ${parcel.outbox[0]} for ${parcel.orderId}`,
        run: () => post(shipping, parcel, 0, false, now),
      });
    if (chaos && parcel.outbox.length > 1 && parcel.retryAt <= now) {
      const last = parcel.outbox.length - 1;
      actions.push({
        label: `carrier posts ${parcel.outbox[last]} for ${parcel.orderId} out of order`,
        run: () => post(shipping, parcel, last, false, now),
      });
    }
    if (chaos && parcel.posted.length > 0) {
      const last = parcel.posted.length - 1;
      actions.push({
        label: `carrier posts ${parcel.posted[last]} for ${parcel.orderId} again`,
        run: () => post(shipping, parcel, last, true, now),
      });
    }
    return actions;
  });
  return [...callbacks, ...moves];
}
