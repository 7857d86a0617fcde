import { checkAdminToken, ConflictError, ForbiddenError, UnauthorizedError } from '@kot/service-kit';
import { CATALOGUE } from './catalogue.seed';
import { decideCatalogueReset, decideStockCount } from './stock-count';

const level = { productId: 'PROD-004', onHand: 10, reserved: 3 };

describe('setting the on-hand count', () => {
  it('given 10 on hand, when the count is set to 25, then a RESTOCK of +15 is recorded', () => {
    expect(decideStockCount(level, 25)).toEqual({
      productId: 'PROD-004',
      kind: 'RESTOCK',
      onHandDelta: 15,
      reservedDelta: 0,
    });
  });

  it('given 10 on hand, when the count is set to 4, then a RESTOCK of -6 is recorded (a recount can find less)', () => {
    expect(decideStockCount(level, 4)?.onHandDelta).toBe(-6);
  });

  it('given the same count again, when it is set, then nothing changes (PUT is idempotent)', () => {
    expect(decideStockCount(level, 10)).toBeNull();
  });

  it('given 3 units reserved, when the count is set below 3, then it is refused with 409', () => {
    expect(() => decideStockCount(level, 2)).toThrow(ConflictError);
  });

  it('given more held than the catalogue figure, when the catalogue is reset, then on-hand stops at what is held', () => {
    expect(decideCatalogueReset({ productId: 'PROD-004', onHand: 9, reserved: 8 }, 5)?.onHandDelta).toBe(-1);
  });
});

describe('the seed catalogue', () => {
  it('has at least 20 products with unique PROD-nnn ids, integer prices and stock', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(20);
    expect(new Set(CATALOGUE.map((p) => p.id)).size).toBe(CATALOGUE.length);
    for (const p of CATALOGUE) {
      expect(p.id).toMatch(/^PROD-\d{3}$/);
      expect(Number.isInteger(p.priceMinor) && p.priceMinor > 0).toBe(true);
      expect(Number.isInteger(p.onHand) && p.onHand > 0).toBe(true);
    }
  });
});

describe('admin token', () => {
  const token = 'a-very-secret-admin-token';

  it('accepts the right Bearer token', () => {
    expect(() => checkAdminToken(`Bearer ${token}`, token)).not.toThrow();
  });

  it.each([undefined, '', 'Basic YWRtaW46YWRtaW4=', 'Bearer'])(
    'answers 401 for missing or non-Bearer credentials (%j)',
    (header) => {
      expect(() => checkAdminToken(header, token)).toThrow(UnauthorizedError);
    },
  );

  it.each(['Bearer wrong', `Bearer ${token}x`, `Bearer ${token.slice(1)}`])(
    'answers 403 for a wrong token (%j)',
    (header) => {
      expect(() => checkAdminToken(header, token)).toThrow(ForbiddenError);
    },
  );
});
