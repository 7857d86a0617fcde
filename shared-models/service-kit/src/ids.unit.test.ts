import { z } from 'zod';
import { AppError, MalformedRequestError, ValidationError } from './errors';
import { isUuid, orderIdOfEvent, uuidFromClient } from './ids';
import { parseOrThrow } from './http/parse-input';

const ID = '0B9F4A52-3C1E-4F7A-9D2B-6A8C5E1F0D34';

describe('ids and client input', () => {
  it('accepts a UUID in any case and lower-cases it; names a bad one with the given code', () => {
    expect(isUuid(ID)).toBe(true);
    expect(isUuid('not-a-uuid')).toBe(false);
    expect(uuidFromClient(ID, 'order id', 'INVALID_ORDER_ID')).toBe(ID.toLowerCase());
    expect(() => uuidFromClient('x1', 'order id', 'INVALID_ORDER_ID')).toThrow(MalformedRequestError);
    expect(() => uuidFromClient(undefined, 'order id', 'INVALID_ORDER_ID')).toThrow(/order id is required/);
  });

  it('refuses an event order id that is not a UUID for good (not retriable)', () => {
    expect(orderIdOfEvent(ID)).toBe(ID.toLowerCase());
    const error = (() => {
      try {
        orderIdOfEvent('ORDER-1');
      } catch (e) {
        return e as AppError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'INVALID_ORDER_ID', status: 422, retriable: false });
  });

  it('parses input with a schema or throws a ValidationError naming the field', () => {
    const schema = z.object({ limit: z.number().int() });
    expect(parseOrThrow(schema, { limit: 3 })).toEqual({ limit: 3 });
    expect(() => parseOrThrow(schema, { limit: 'x' })).toThrow(ValidationError);
  });
});
