import { requireAdminToken, tokensMatch } from './admin-auth';
import { startTestApp, type TestApp } from '../testing/support';

const TOKEN = 'unit-test-admin-token-0123456789';
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp((a) => {
    a.put('/admin/thing', requireAdminToken({ token: TOKEN, realm: 'unit' }), (_req, res) => {
      res.json({ done: true });
    });
  });
});
afterAll(() => app.close());

const put = (headers: Record<string, string>) => fetch(`${app.url}/admin/thing`, { method: 'PUT', headers });

describe('requireAdminToken', () => {
  it('lets the configured bearer token through', async () => {
    const res = await put({ authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
  });

  it.each([[{}], [{ authorization: TOKEN }], [{ authorization: `Basic ${TOKEN}` }], [{ authorization: 'Bearer' }]])(
    'answers 401 with a challenge when no bearer token is presented (%#)',
    async (headers) => {
      const res = await put(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="unit"');
      expect(await res.json()).toMatchObject({
        code: 'ADMIN_TOKEN_REQUIRED',
        detail: expect.stringContaining('Authorization: Bearer'),
      });
    },
  );

  it.each([[`${TOKEN}x`], [TOKEN.slice(0, -1)], ['a'], [TOKEN.toUpperCase()]])(
    'answers 403 for a wrong token (%#)',
    async (wrong) => {
      const res = await put({ authorization: `Bearer ${wrong}` });
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toBeNull();
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({ code: 'ADMIN_TOKEN_INVALID' });
      expect(body).not.toContain(TOKEN);
    },
  );

  it('compares tokens of any length without throwing', () => {
    expect(tokensMatch('short', 'a much longer token than that')).toBe(false);
    expect(tokensMatch('same-token', 'same-token')).toBe(true);
  });

  it('refuses to be wired with an empty token', () => {
    expect(() => requireAdminToken({ token: '', realm: 'x' })).toThrow('non-empty token');
  });
});
