// Sends email over SMTP with nodemailer, behind one circuit breaker and a couple of quick retries.
// Errors leave here already classified (SendFailure), so the dispatcher's policy never has to know
// what an SMTP reply code or a socket error looks like.
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import {
  AppError,
  createBreaker,
  DependencyUnavailableError,
  isAppError,
  isRetriable,
  retryWithBackoff,
  type BreakerState,
  type Logger,
  type Metrics,
} from '@kot/service-kit';
import type { SendFailure } from '../notifications/delivery-policy';
import { SEND_BACKOFF } from './lease-budget';

export interface OutgoingEmail {
  orderId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The deterministic Message-ID, angle brackets included. */
  messageId: string;
}

export interface SentEmail {
  messageId: string;
  /** The server's reply to DATA, e.g. "250 2.0.0 Ok: queued as 4F1A2B3C". */
  response: string;
  /** The server's own id for the message when its reply names one ("queued as …"). */
  providerMessageId: string | null;
}

/** Postfix, Exim, Sendmail and the local mail catcher all say "queued as <id>" in their 250 reply. */
export function providerMessageIdOf(response: string): string | null {
  return /queued as\s+<?([^\s>]+)>?/i.exec(response)?.[1] ?? null;
}

export interface MailSender {
  send(email: OutgoingEmail): Promise<SentEmail>;
  classify(error: unknown): SendFailure;
  breakerState(): BreakerState;
  shutdown(): void;
}

export interface SmtpSenderOptions {
  host: string;
  port: number;
  from: string;
  user?: string;
  password?: string;
  timeoutMs: number;
  /** Hard limit of one whole conversation (one attempt); the lease is computed from it. */
  deadlineMs: number;
  breakerResetMs: number;
  sendRetries: number;
  metrics: Metrics;
  logger: Logger;
}

/** The abort at deadlineMs settles the send at once; this only keeps the breaker's timer behind it. */
const BREAKER_TIMEOUT_SLACK_MS = 1_000;

interface SmtpErrorShape {
  responseCode?: number;
  code?: string;
  message?: string;
}

/** The message was refused for good (5xx reply, or no acceptable recipient): resending cannot help. */
class MailRejectedError extends AppError {
  constructor(detail: string, cause: unknown) {
    super({ code: 'SMTP_REJECTED', status: 502, title: 'Mail rejected', detail, retriable: false, cause });
  }
}

/**
 * A failed send as the error family: refused for good (MailRejectedError) or worth another try. The reply
 * code decides when there is one: 5xx is permanent, 4xx temporary by SMTP's own definition (RFC 5321 4.2.1),
 * whatever stage nodemailer names in its code: a server shutting down answers MAIL FROM with 421, which
 * nodemailer reports as EENVELOPE, and the fault run lost two emails when that counted as a refusal.
 * Without a reply code, EENVELOPE (no acceptable recipient) and EMESSAGE (a malformed message) are permanent.
 */
export function translateSmtpError(error: unknown): unknown {
  const smtp = error as SmtpErrorShape;
  const detail = `SMTP ${smtp.responseCode ?? smtp.code ?? 'error'}: ${smtp.message ?? String(error)}`.slice(0, 500);
  const permanent =
    smtp.responseCode !== undefined ? smtp.responseCode >= 500 : smtp.code === 'EENVELOPE' || smtp.code === 'EMESSAGE';
  return permanent ? new MailRejectedError(detail, error) : new DependencyUnavailableError(detail, { cause: error });
}

function createTransport(options: SmtpSenderOptions) {
  const auth = options.user && options.password ? { user: options.user, pass: options.password } : undefined;
  // One connection per message (no pool): a restarted server never meets a stale pooled socket. A
  // connection we give up on is destroyed at once (socketCloseTimeout 0) rather than ended: ending
  // would still flush whatever of the message sits in the socket's buffer, final "." included.
  return nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: false,
    auth,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    socketCloseTimeout: 0,
  } satisfies SMTPTransport.Options);
}

export function createSmtpSender(options: SmtpSenderOptions): MailSender {
  const transport = createTransport(options);
  // Every attempt ends, socket closed, by deadlineMs: an attempt given up on while its conversation
  // went on could still deliver behind the retry, or behind another dispatcher once the lease is over.
  // Cut after the final "." the server may already have kept the message; that resend is the
  // at-least-once case that the deterministic Message-ID is there for (lease-budget.ts).
  const deliver = async (email: OutgoingEmail): Promise<SentEmail> => {
    try {
      const info = await transport.sendMail({
        from: options.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        headers: { 'X-Order-Id': email.orderId },
        signal: AbortSignal.timeout(options.deadlineMs),
      });
      return {
        messageId: info.messageId,
        response: info.response,
        providerMessageId: providerMessageIdOf(info.response),
      };
    } catch (error) {
      throw translateSmtpError(error);
    }
  };
  // The breaker's own timeout must never fire first: it would only stop waiting, not stop the
  // conversation, and that is how a slow server used to get every attempt of an email.
  const breaker = createBreaker(
    'smtp',
    deliver,
    {
      timeoutMs: options.deadlineMs + BREAKER_TIMEOUT_SLACK_MS,
      errorThresholdPercentage: 50,
      resetTimeoutMs: options.breakerResetMs,
      volumeThreshold: 3,
    },
    { metrics: options.metrics, logger: options.logger },
  );
  const circuitOpen = (error: unknown) => isAppError(error) && error.code === 'CIRCUIT_OPEN';

  return {
    send: (email) =>
      retryWithBackoff(() => breaker.fire(email), {
        retries: options.sendRetries,
        ...SEND_BACKOFF,
        isRetriable: (error) => isRetriable(error) && !circuitOpen(error),
      }),
    classify(error) {
      const message = error instanceof Error ? error.message : String(error);
      if (circuitOpen(error)) return { kind: 'not-attempted', error: message, retryAfterMs: options.breakerResetMs };
      return isRetriable(error) ? { kind: 'transient', error: message } : { kind: 'permanent', error: message };
    },
    breakerState: () => breaker.state(),
    shutdown: () => {
      breaker.shutdown();
      transport.close();
    },
  };
}
