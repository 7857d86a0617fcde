// Fault injection for the simulators: added latency, a random share of 500/503 answers and an
// outage window in which every business request gets 503, plus the odd behaviours real partners
// have (a carrier that skips, repeats or reorders statuses; a slow SMTP server). Set from the
// environment at start-up and replaced at run time with PUT /admin/faults, so fault tests can break
// a dependency on cue. /health and /admin/* are never faulted: the harness must always reach them.
import { setTimeout as sleep } from 'node:timers/promises';
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { parseBody, sendError } from './http';
import { instant } from './env';
import type { Clock, Logger, RandomSource } from './runtime';

export const baseFaultsSchema = z.object({
  errorRate: z.number().min(0).max(1).default(0),
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  outageUntil: instant.nullable().default(null),
});

/** The provider also declines a random share of otherwise valid authorizations. */
export const paymentFaultsSchema = baseFaultsSchema.extend({
  declineRate: z.number().min(0).max(1).default(0),
});

/**
 * Carriers in the wild: a scan that never happens (skip), a webhook sent twice (duplicate), webhooks
 * of steps close together arriving newest first (reorder), an estimate off a high-resolution clock.
 */
export const carrierFaultsSchema = baseFaultsSchema.extend({
  skipRate: z.number().min(0).max(1).default(0),
  duplicateRate: z.number().min(0).max(1).default(0),
  reorderCallbacks: z.boolean().default(false),
  fractionalEstimate: z.boolean().default(false),
});

/** The mail catcher has no HTTP business API to fault; its knob slows the SMTP answer to DATA. */
export const mailFaultsSchema = z.object({
  acceptDelayMs: z.number().int().min(0).max(120_000).default(0),
});

export type BaseFaults = z.output<typeof baseFaultsSchema>;
export type PaymentFaults = z.output<typeof paymentFaultsSchema>;
export type CarrierFaults = z.output<typeof carrierFaultsSchema>;
export type MailFaults = z.output<typeof mailFaultsSchema>;

/** The knobs of one simulator as the admin router sees them. */
export interface KnobHolder<T> {
  current(): T;
  replace(next: T): void;
  /** Only simulators with an outage window report whether it is active. */
  outageActive?(): boolean;
}

/** Knobs that are only read where they act (the mail catcher's); no latency or outage middleware. */
export class Knobs<T extends object> implements KnobHolder<T> {
  constructor(private settings: T) {}

  current(): T {
    return { ...this.settings };
  }

  replace(next: T): void {
    this.settings = { ...next };
  }
}

export type FaultVerdict = { kind: 'pass' } | { kind: 'outage'; until: number } | { kind: 'error'; status: 500 | 503 };

export class FaultInjector<T extends BaseFaults> implements KnobHolder<T> {
  constructor(
    private settings: T,
    private readonly random: RandomSource,
    private readonly clock: Clock,
  ) {}

  current(): T {
    return { ...this.settings };
  }

  replace(next: T): void {
    this.settings = { ...next };
  }

  outageActive(): boolean {
    return this.settings.outageUntil !== null && this.clock() < this.settings.outageUntil;
  }

  /** Draws from the random source only for knobs that are on, so tests can script exact draws. */
  verdict(): FaultVerdict {
    const { outageUntil, errorRate } = this.settings;
    if (outageUntil !== null && this.clock() < outageUntil) return { kind: 'outage', until: outageUntil };
    if (errorRate > 0 && this.random() < errorRate) return { kind: 'error', status: this.random() < 0.5 ? 500 : 503 };
    return { kind: 'pass' };
  }

  /** True when a random decline should be applied (payment provider only). */
  drawDecline(rate: number): boolean {
    return this.draw(rate);
  }

  /** One draw for a rate knob; none when the knob is off, so scripted draws line up with the knobs that are on. */
  draw(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  /** `exempt` requests bypass every knob (used for the views test harnesses read). */
  middleware(exempt: (req: Request) => boolean = () => false): RequestHandler {
    return async (req, res, next) => {
      if (exempt(req)) {
        next();
        return;
      }
      if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);
      const verdict = this.verdict();
      if (verdict.kind === 'outage') {
        const seconds = Math.max(1, Math.ceil((verdict.until - this.clock()) / 1000));
        res.set('Retry-After', String(seconds));
        sendError(res, 503, 'outage', `simulated outage until ${new Date(verdict.until).toISOString()}`);
        return;
      }
      if (verdict.kind === 'error') {
        sendError(res, verdict.status, 'simulated_error', `simulated ${verdict.status} from the fault knobs`);
        return;
      }
      next();
    };
  }
}

/**
 * GET shows the knobs; PUT replaces all of them (an omitted knob goes back to off), so a test that
 * sets only an outage is not surprised by a latency someone else left behind.
 */
export function faultAdminRouter<T extends object>(faults: KnobHolder<T>, schema: z.ZodType<T>, log: Logger): Router {
  const router = Router();
  const view = () => ({ ...faults.current(), ...(faults.outageActive ? { outageActive: faults.outageActive() } : {}) });
  router.get('/admin/faults', (_req, res) => {
    res.json(view());
  });
  router.put('/admin/faults', (req, res) => {
    const next = parseBody(schema, req, res);
    if (next === undefined) return;
    faults.replace(next);
    log.info('faults replaced', { faults: next });
    res.json(view());
  });
  return router;
}
