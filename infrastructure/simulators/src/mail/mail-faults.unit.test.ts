// The mail catcher as a slow SMTP server (acceptDelayMs): the final 250 after DATA comes late, but
// the message is kept before it, so a sender that gives up meanwhile has still delivered it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { silentLogger } from '../shared/runtime';
import { requestJson, waitFor } from '../shared/test-support';
import { startMailCatcher, type MailCatcher } from './app';
import { loadMailConfig } from './config';
import type { CapturedMessage } from './message';

type Json = Record<string, unknown>;

let dir: string;
let catcher: MailCatcher;

const DELAY_MS = 600;

const start = (env: Record<string, string> = {}) =>
  startMailCatcher(loadMailConfig({ MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0', MAIL_DIR: dir, ...env }), {
    log: silentLogger,
  });
const send = (subject: string, options: { socketTimeout?: number } = {}) =>
  nodemailer
    .createTransport({ host: '127.0.0.1', port: catcher.smtpPort, secure: false, ignoreTLS: true, ...options })
    .sendMail({ from: 'shop@shop.test', to: 'ada@example.test', subject, text: 'hello' });
const subjects = async () =>
  (await requestJson<CapturedMessage[]>('GET', `${catcher.url}/api/messages`)).body.map((message) => message.subject);
const setFaults = (knobs: Json) => requestJson<Json>('PUT', `${catcher.url}/admin/faults`, knobs);

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mail-faults-'));
  catcher = await start();
});
afterEach(async () => {
  await catcher.close();
  await rm(dir, { recursive: true, force: true });
});

/** Resolves to how long the send took, and whether the message was listed while the sender still waited. */
async function timedSend(subject: string): Promise<{ tookMs: number; listedBeforeReply: boolean }> {
  const startedAt = Date.now();
  let replied = false;
  const sending = send(subject).then(() => {
    replied = true;
  });
  await waitFor(async () => (await subjects()).includes(subject), 5_000, 'the message in the inbox');
  const listedBeforeReply = !replied;
  await sending;
  return { tookMs: Date.now() - startedAt, listedBeforeReply };
}

describe('acceptDelayMs', () => {
  it('is off by default: the 250 comes at once', async () => {
    expect((await requestJson<Json>('GET', `${catcher.url}/admin/faults`)).body).toEqual({ acceptDelayMs: 0 });
    const { tookMs } = await timedSend('fast');
    expect(tookMs).toBeLessThan(DELAY_MS);
  });

  it('set by PUT /admin/faults, holds the 250 back while the message is already kept', async () => {
    expect((await setFaults({ acceptDelayMs: DELAY_MS })).body).toEqual({ acceptDelayMs: DELAY_MS });
    const { tookMs, listedBeforeReply } = await timedSend('slow');
    expect(tookMs).toBeGreaterThanOrEqual(DELAY_MS);
    expect(listedBeforeReply).toBe(true);
  });

  it('keeps the message of a sender that gave up waiting for the 250', async () => {
    await setFaults({ acceptDelayMs: DELAY_MS });
    await expect(send('gave up', { socketTimeout: 200 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(await subjects()).toEqual(['gave up']);
  });

  it('PUT validates it, and an empty PUT switches it off again', async () => {
    expect((await setFaults({ acceptDelayMs: -1 })).status).toBe(400);
    await setFaults({ acceptDelayMs: DELAY_MS });
    expect((await setFaults({})).body).toEqual({ acceptDelayMs: 0 });
    expect((await timedSend('fast again')).tookMs).toBeLessThan(DELAY_MS);
  });

  it('is read from MAIL_ACCEPT_DELAY_MS at start', async () => {
    await catcher.close();
    catcher = await start({ MAIL_ACCEPT_DELAY_MS: String(DELAY_MS) });
    expect((await requestJson<Json>('GET', `${catcher.url}/admin/faults`)).body).toEqual({ acceptDelayMs: DELAY_MS });
    expect((await timedSend('slow from env')).tookMs).toBeGreaterThanOrEqual(DELAY_MS);
    expect(() => loadMailConfig({ MAIL_ACCEPT_DELAY_MS: 'soon' })).toThrow(/MAIL_ACCEPT_DELAY_MS/);
  });
});
