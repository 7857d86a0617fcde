// The mail catcher over real SMTP and HTTP sockets: messages sent with nodemailer are captured,
// filterable, and still there after a restart over the same directory.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { silentLogger } from '../shared/runtime';
import { requestJson } from '../shared/test-support';
import { startMailCatcher, type MailCatcher } from './app';
import { loadMailConfig } from './config';
import type { CapturedMessage } from './message';

let dir: string;
let catcher: MailCatcher;

const start = () =>
  startMailCatcher(loadMailConfig({ MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0', MAIL_DIR: dir }), { log: silentLogger });
const send = (port: number, message: SendMailOptions) =>
  nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }).sendMail(message);
const list = (query = '') => requestJson<CapturedMessage[]>('GET', `${catcher.url}/api/messages${query}`);

const confirmation = {
  from: '"Shop" <orders@shop.test>',
  to: ['ada@example.test', 'Grace <grace@example.test>'],
  cc: 'audit@shop.test',
  bcc: 'hidden@shop.test',
  subject: 'Order ord-42 confirmed',
  text: 'Thanks! Your order ord-42 is confirmed.',
  html: '<p>Thanks! Your order <b>ord-42</b> is confirmed.</p>',
  headers: { 'X-Order-Id': 'ord-42' },
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mail-catcher-'));
  catcher = await start();
});
afterEach(async () => {
  await catcher.close();
  await rm(dir, { recursive: true, force: true });
});

describe('capturing', () => {
  it('captures recipients, subject, bodies and headers of a message sent over SMTP', async () => {
    const info = await send(catcher.smtpPort, confirmation);
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({
      messageId: info.messageId,
      from: 'orders@shop.test',
      to: ['ada@example.test', 'grace@example.test'],
      cc: ['audit@shop.test'],
      subject: 'Order ord-42 confirmed',
      text: expect.stringContaining('Your order ord-42 is confirmed.'),
      html: expect.stringContaining('<b>ord-42</b>'),
      headers: expect.objectContaining({ 'x-order-id': 'ord-42', subject: 'Order ord-42 confirmed' }),
      envelope: {
        mailFrom: 'orders@shop.test',
        rcptTo: ['ada@example.test', 'grace@example.test', 'audit@shop.test', 'hidden@shop.test'],
      },
      receivedAt: expect.any(Number),
    });
    const one = await requestJson<CapturedMessage>('GET', `${catcher.url}/api/messages/${body[0]?.id}`);
    expect(one.body.subject).toBe('Order ord-42 confirmed');
  });

  it('filters by recipient, subject and order id (header or text)', async () => {
    await send(catcher.smtpPort, confirmation);
    await send(catcher.smtpPort, {
      from: 'orders@shop.test',
      to: 'bob@example.test',
      subject: 'Your parcel shipped',
      text: 'Order ord-77 left the warehouse.',
    });
    const subjects = async (query: string) => (await list(query)).body.map((message) => message.subject);
    expect(await subjects('?to=GRACE@example.test')).toEqual(['Order ord-42 confirmed']);
    expect(await subjects('?to=hidden@shop.test')).toEqual(['Order ord-42 confirmed']);
    expect(await subjects('?subject=shipped')).toEqual(['Your parcel shipped']);
    expect(await subjects('?orderId=ord-42')).toEqual(['Order ord-42 confirmed']);
    expect(await subjects('?orderId=ord-77')).toEqual(['Your parcel shipped']);
    expect(await subjects('?to=bob@example.test&subject=confirmed')).toEqual([]);
    expect(await subjects('')).toEqual(['Order ord-42 confirmed', 'Your parcel shipped']);
  });

  it('answers 404 for an unknown message and serves the raw source of a known one', async () => {
    await send(catcher.smtpPort, confirmation);
    const [message] = (await list()).body;
    const raw = await fetch(`${catcher.url}/api/messages/${message?.id}/raw`);
    expect(raw.headers.get('content-type')).toMatch(/message\/rfc822/);
    expect(await raw.text()).toMatch(/^X-Order-Id: ord-42$/im);
    expect((await requestJson('GET', `${catcher.url}/api/messages/nope`)).status).toBe(404);
  });
});

describe('authentication and config', () => {
  it('accepts mail from a client that authenticates, without checking credentials', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: catcher.smtpPort,
      secure: false,
      ignoreTLS: true,
      auth: { user: 'svc', pass: 'anything' },
    });
    await transport.sendMail({ from: 'svc@shop.test', to: 'ada@example.test', subject: 'With auth', text: 'hello' });
    expect((await list('?subject=With%20auth')).body).toHaveLength(1);
  });

  it('resolves a relative MAIL_DIR from the repo root', () => {
    const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
    expect(loadMailConfig({}).dir).toBe(path.join(repoRoot, '.local', 'mail'));
    expect(loadMailConfig({})).toMatchObject({ host: '127.0.0.1', smtpPort: 1025, httpPort: 8025 });
  });
});

describe('durability and lifecycle', () => {
  it('keeps captured messages across a restart over the same directory', async () => {
    await send(catcher.smtpPort, confirmation);
    const before = (await list()).body;
    await catcher.close();
    catcher = await start();
    const after = (await list()).body;
    expect(after).toEqual(before);
    expect((await requestJson<{ messages: number }>('GET', `${catcher.url}/health`)).body.messages).toBe(1);
  });

  it('empties the inbox, on disk too, with DELETE', async () => {
    await send(catcher.smtpPort, confirmation);
    const deleted = await requestJson('DELETE', `${catcher.url}/api/messages`);
    expect(deleted.status).toBe(204);
    expect((await list()).body).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    await catcher.close();
    catcher = await start();
    expect((await list()).body).toEqual([]);
  });

  it('refuses connections while stopped, like a real SMTP server', async () => {
    const port = catcher.smtpPort;
    await catcher.close();
    await expect(send(port, confirmation)).rejects.toMatchObject({ code: 'ESOCKET' });
    catcher = await start();
  });
});
