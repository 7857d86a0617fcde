// The SMTP side of the mail catcher: a plain local SMTP server (no TLS, no authentication needed)
// that parses each message and stores it before answering 250, so "accepted" means "kept". The
// acceptDelayMs knob holds that 250 back like a slow server: a client that gives up meanwhile has
// still had its message kept, which is what a sender must cope with (a resend is a duplicate).
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { MailFaults } from '../shared/faults';
import type { Clock, Logger } from '../shared/runtime';
import type { MailConfig } from './config';
import { toCapturedMessage, type Envelope } from './message';
import type { MessageStore } from './store';

export interface RunningSmtp {
  port: number;
  close(): Promise<void>;
}

interface CaptureDeps {
  store: MessageStore;
  clock: Clock;
  log: Logger;
  faults: { current(): MailFaults };
}

/** A stopped catcher should drop lingering clients quickly, like a killed server would. */
const CLOSE_TIMEOUT_MS = 2_000;

export async function startSmtp(config: MailConfig, deps: CaptureDeps): Promise<RunningSmtp> {
  const server = new SMTPServer({
    name: 'mail-catcher.local',
    banner: 'KOT mail catcher',
    // Authentication is optional, and any credentials are accepted over plain text, so a service
    // configured with SMTP_USER/SMTP_PASSWORD can send here unchanged.
    authOptional: true,
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: config.maxMessageBytes,
    closeTimeout: CLOSE_TIMEOUT_MS,
    onData: (stream, session, callback) => {
      capture(stream, session, deps).then(
        (id) => answerLater(deps.faults.current().acceptDelayMs, () => callback(null, `Message queued as ${id}`)),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  server.on('error', (error: Error) => deps.log.warn('smtp error', { error: error.message }));
  await listen(server, config.smtpPort, config.host);
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The knob is read when the message is in, so a PUT during a transfer applies to its answer. The wait
 * does not keep the process alive: a stopped catcher's pending answers die with it, as a killed server's would.
 */
function answerLater(delayMs: number, answer: () => void): void {
  if (delayMs === 0) answer();
  else void sleep(delayMs, undefined, { ref: false }).then(answer);
}

/** Rejects when the port is taken, instead of only logging it. */
function listen(server: SMTPServer, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function capture(stream: SMTPServerDataStream, session: SMTPServerSession, deps: CaptureDeps): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  if (stream.sizeExceeded) throw smtpError(552, 'message exceeds the maximum size');
  const raw = Buffer.concat(chunks);
  try {
    const receivedAt = deps.clock();
    const message = toCapturedMessage(
      await simpleParser(raw),
      envelopeOf(session),
      deps.store.newId(receivedAt),
      receivedAt,
    );
    await deps.store.add(message, raw);
    deps.log.info('message captured', { id: message.id, to: message.to, subject: message.subject });
    return message.id;
  } catch (error) {
    deps.log.warn('could not capture message', { error: String(error) });
    // 451 is temporary: the sender keeps the message and retries, so nothing is silently lost.
    throw smtpError(451, 'could not store the message, try again later');
  }
}

function envelopeOf(session: SMTPServerSession): Envelope {
  const { mailFrom, rcptTo } = session.envelope;
  return { mailFrom: mailFrom ? mailFrom.address : null, rcptTo: rcptTo.map((recipient) => recipient.address) };
}

/** smtp-server answers with `responseCode` when an error carries one. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}
