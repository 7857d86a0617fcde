// Helpers for the simulators' own tests (and for other suites that start a simulator in-process):
// scripted randomness, a hand-driven clock, polling, and a small JSON HTTP client over real sockets.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, RandomSource } from './runtime';

/** Returns the given draws in order, then 0.999 (which trips no knob below 100 %). */
export function scriptedRandom(draws: number[]): RandomSource & { used: () => number } {
  let index = 0;
  const next = (() => (index < draws.length ? (draws[index++] as number) : 0.999)) as RandomSource & {
    used: () => number;
  };
  next.used = () => index;
  return next;
}

export interface ManualClock {
  now: Clock;
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2030, 0, 1)): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface JsonReply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Sends JSON (when a body is given) and parses a JSON answer; never throws on HTTP status. */
export async function requestJson<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonReply<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json', ...headers };
  }
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
    headers: response.headers,
  };
}

export interface ReceivedCall {
  path: string;
  body: unknown;
  /** The HTTP status the receiver answered with. */
  answered: number;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  calls: ReceivedCall[];
  close(): Promise<void>;
}

/**
 * A real HTTP server standing in for a service's webhook endpoint; `answer` picks the status for
 * each call (given the calls so far), so tests can make it fail a few times.
 */
export async function startWebhookReceiver(
  answer: (body: unknown, calls: ReceivedCall[]) => number = () => 204,
  port = 0,
): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      const status = answer(body, calls);
      calls.push({ path: req.url ?? '/', body, answered: status });
      res.writeHead(status).end();
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}/carrier-events`,
    port: actualPort,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
