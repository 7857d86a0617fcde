// Idempotency-Key semantics the way payment and shipping APIs implement them: the first request
// with a key runs and its answer is stored; a retry with the same key and the same request gets
// that stored answer (no second charge, no second parcel); the same key with a different request
// is a client bug and is refused with 422.
import type { Response } from 'express';
import { sendError } from './http';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type IdempotentOutcome =
  | { kind: 'executed'; response: StoredResponse }
  | { kind: 'replayed'; response: StoredResponse }
  | { kind: 'conflict' };

interface Entry {
  fingerprint: string;
  response: StoredResponse;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /**
   * Runs `handle` at most once per (scope, key). `request` is everything that identifies the call
   * (body and path parameters); it is compared by value, ignoring key order.
   * `handle` must be synchronous so two concurrent retries cannot both run it.
   */
  execute(scope: string, key: string, request: unknown, handle: () => StoredResponse): IdempotentOutcome {
    const id = `${scope}\u0000${key}`;
    const fingerprint = canonicalJson(request);
    const existing = this.entries.get(id);
    if (existing) {
      return existing.fingerprint === fingerprint
        ? { kind: 'replayed', response: existing.response }
        : { kind: 'conflict' };
    }
    const response = handle();
    this.entries.set(id, { fingerprint, response });
    return { kind: 'executed', response };
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Writes an outcome; replays are marked with a header so tests and logs can tell them apart. */
export function sendOutcome(res: Response, key: string, outcome: IdempotentOutcome): void {
  if (outcome.kind === 'conflict') {
    sendError(res, 422, 'idempotency_key_reused', `Idempotency-Key '${key}' was already used with a different request`);
    return;
  }
  if (outcome.kind === 'replayed') res.set('Idempotent-Replayed', 'true');
  res.status(outcome.response.status).json(outcome.response.body);
}

/** JSON with object keys sorted, so {a,b} and {b,a} are the same request. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
}
