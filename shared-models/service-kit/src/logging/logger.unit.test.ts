import { memoryLogger } from '../testing/support';
import { addToContext, currentContext, runWithContext } from './logger';

describe('createLogger', () => {
  it('writes JSON lines with service, text level and ISO time', () => {
    const { logger, lines } = memoryLogger('order-service', 'info');
    logger.info({ sku: 'A' }, 'hello');
    logger.debug('below the level');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', service: 'order-service', sku: 'A', msg: 'hello' });
    expect(new Date(String(lines[0]?.time)).toISOString()).toBe(lines[0]?.time);
  });

  it('adds correlationId and orderId from the async context', async () => {
    const { logger, lines } = memoryLogger();
    logger.info('outside');
    await runWithContext({ correlationId: 'c-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      addToContext({ orderId: 'o-9' });
      logger.info('inside');
    });
    expect(lines[0]).not.toHaveProperty('correlationId');
    expect(lines[1]).toMatchObject({ msg: 'inside', correlationId: 'c-1', orderId: 'o-9' });
  });

  it('redacts credentials at the top level, one level down and in request headers', () => {
    const { logger, lines } = memoryLogger();
    logger.info(
      {
        password: 'p',
        config: { ADMIN_TOKEN: 't', DATABASE_URL: 'postgres://u:p@h/db' },
        req: { headers: { authorization: 'Bearer x', accept: 'json' } },
      },
      'secrets',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/Bearer x|"p"|"t"|u:p@h/);
    expect(lines[0]).toMatchObject({
      password: '[REDACTED]',
      req: { headers: { authorization: '[REDACTED]', accept: 'json' } },
    });
  });
});

describe('request context', () => {
  it('is empty outside runWithContext and nests by inheriting outer fields', () => {
    expect(currentContext()).toEqual({});
    runWithContext({ correlationId: 'outer' }, () => {
      runWithContext({ orderId: 'o-1' }, () => {
        expect(currentContext()).toEqual({ correlationId: 'outer', orderId: 'o-1' });
      });
      expect(currentContext()).toEqual({ correlationId: 'outer' });
    });
  });

  it('addToContext outside a context changes nothing', () => {
    addToContext({ orderId: 'lost' });
    expect(currentContext()).toEqual({});
  });
});

describe('credentials in free text', () => {
  it('are scrubbed from messages, string fields and errors, keeping the rest readable', () => {
    const { logger, lines } = memoryLogger();
    const url = 'postgresql://order_service:s3cret-pw@db.internal:5432/kot';
    logger.error(
      { err: new Error(`cannot reach ${url}`), target: url, nested: { header: 'Bearer abc.def-123' } },
      `connect to ${url} failed`,
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/s3cret-pw|abc\.def-123/);
    expect(lines[0]).toMatchObject({
      msg: 'connect to postgresql://order_service:[REDACTED]@db.internal:5432/kot failed',
      target: 'postgresql://order_service:[REDACTED]@db.internal:5432/kot',
      nested: { header: 'Bearer [REDACTED]' },
      err: { type: 'Error', message: 'cannot reach postgresql://order_service:[REDACTED]@db.internal:5432/kot' },
    });
  });

  it('keeps a non-error err field intact apart from scrubbing', () => {
    const { logger, lines } = memoryLogger();
    logger.warn({ err: 'timeout talking to http://u:pw@h', code: 7 }, 'odd');
    expect(lines[0]).toMatchObject({ err: 'timeout talking to http://u:[REDACTED]@h', code: 7 });
  });

  it('redacts SMTP passwords and nodemailer-style auth objects by key', () => {
    const { logger, lines } = memoryLogger();
    logger.info({ SMTP_PASSWORD: 'mail-pw', auth: { user: 'u', pass: 'mail-pw' } }, 'smtp');
    expect(JSON.stringify(lines[0])).not.toContain('mail-pw');
    expect(lines[0]).toMatchObject({ auth: { user: 'u', pass: '[REDACTED]' } });
  });
});
