// Per-client token bucket for expensive write endpoints (e.g. POST /api/v1/orders). In memory,
// per instance: N instances allow N times the rate, which is acceptable for abuse protection
// (it is not a billing quota) and needs no shared store.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimitedError } from '../errors/errors';

export interface TokenBucketOptions {
  /** Tokens added per second; also the sustained request rate a client may keep up. */
  ratePerSecond: number;
  /** Bucket size: how many requests a quiet client may send at once. */
  burst: number;
  /** Milliseconds clock, injected so tests control time. */
  now?: () => number;
  /** Most clients tracked at once; the least recently seen is forgotten beyond it. */
  maxClients?: number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxClients: number;
  /** A bucket idle this long has refilled completely, so forgetting it changes nothing. */
  private readonly refillMs: number;
  private lastSweepMs: number;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1))
      throw new Error('a token bucket needs ratePerSecond > 0 and burst >= 1');
    this.now = options.now ?? Date.now;
    this.maxClients = options.maxClients ?? 10_000;
    this.refillMs = (options.burst / options.ratePerSecond) * 1000;
    this.lastSweepMs = this.now();
  }

  /** Number of clients currently tracked (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  take(client: string): TakeResult {
    const now = this.now();
    this.sweep(now);
    const bucket = this.refilled(client, now);
    // Re-inserting keeps the Map in least-recently-seen order for the size cap below.
    this.buckets.delete(client);
    this.buckets.set(client, bucket);
    this.enforceCap();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const waitSeconds = (1 - bucket.tokens) / this.options.ratePerSecond;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }

  private refilled(client: string, now: number): Bucket {
    const bucket = this.buckets.get(client);
    if (!bucket) return { tokens: this.options.burst, updatedMs: now };
    // A clock that steps backwards must not drain the bucket, hence the max(0, ...).
    const elapsedSeconds = Math.max(0, now - bucket.updatedMs) / 1000;
    return {
      tokens: Math.min(this.options.burst, bucket.tokens + elapsedSeconds * this.options.ratePerSecond),
      updatedMs: now,
    };
  }

  /** Drops buckets that are full again; runs at most once per refill period, so it stays cheap. */
  private sweep(now: number): void {
    if (now - this.lastSweepMs < this.refillMs) return;
    this.lastSweepMs = now;
    for (const [client, bucket] of this.buckets) {
      if (now - bucket.updatedMs >= this.refillMs) this.buckets.delete(client);
    }
  }

  private enforceCap(): void {
    while (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) return;
      this.buckets.delete(oldest);
    }
  }
}

export interface RateLimitOptions extends Omit<TokenBucketOptions, 'ratePerSecond'> {
  /** 0 turns the limit off (benchmarks push far more than any real client). */
  ratePerSecond: number;
  /** Names the limited operation in the 429 detail, e.g. "POST /api/v1/orders". */
  operation: string;
  /**
   * Client identity; defaults to req.ip. Behind a reverse proxy, set Express's 'trust proxy' to
   * that proxy, or every request shares the proxy's address (and one bucket).
   */
  clientOf?: (req: Request) => string;
}

/** Middleware answering 429 problem+json with an integer Retry-After once a client's bucket is empty. */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  if (options.ratePerSecond === 0) return (_req: Request, _res: Response, next: NextFunction) => next();
  const limiter = new TokenBucketLimiter(options);
  const clientOf = options.clientOf ?? ((req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown');
  const limitText = `${options.ratePerSecond} requests per second (burst ${options.burst}) per client`;
  return (req: Request, _res: Response, next: NextFunction) => {
    const result = limiter.take(clientOf(req));
    if (result.allowed) {
      next();
      return;
    }
    const detail = `Rate limit of ${limitText} exceeded for ${options.operation}; retry after ${result.retryAfterSeconds} s`;
    next(new RateLimitedError(result.retryAfterSeconds, detail));
  };
}
