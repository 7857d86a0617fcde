import { AppError, MalformedRequestError } from './errors';

/** Order, event and notification ids are UUIDs everywhere in the platform (any version, any case). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): boolean => typeof value === 'string' && UUID_PATTERN.test(value);

/**
 * A UUID from a client (route parameter, query, body field): lower-cased, or a 400 naming it. `label` is
 * how the message names it ("order id"), `code` the problem's code (INVALID_ORDER_ID).
 */
export function uuidFromClient(value: unknown, label: string, code: string): string {
  if (typeof value !== 'string' || value === '')
    throw new MalformedRequestError(`${label} is required and must be a UUID`, { code });
  if (!isUuid(value)) throw new MalformedRequestError(`${label} "${value.slice(0, 80)}" is not a UUID`, { code });
  return value.toLowerCase();
}

/** An order id in an event: anything but a UUID is a broken producer, refused for good (dead letter, not retried). */
export function orderIdOfEvent(orderId: string): string {
  if (isUuid(orderId)) return orderId.toLowerCase();
  throw new AppError({
    code: 'INVALID_ORDER_ID',
    status: 422,
    title: 'Invalid event',
    detail: `order id "${orderId.slice(0, 80)}" is not a UUID`,
    retriable: false,
  });
}
