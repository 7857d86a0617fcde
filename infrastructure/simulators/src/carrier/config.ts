// The carrier simulator's configuration; the only file of it that reads the environment.
import { z } from 'zod';
import {
  envBool,
  envInstant,
  envNonNegativeInt,
  envOptionalNonNegativeInt,
  envPort,
  envPositiveInt,
  envRate,
  envString,
  parseEnv,
} from '../shared/env';
import type { CarrierFaults } from '../shared/faults';

export interface CallbackConfig {
  /** How long one callback POST may take before it counts as failed and is retried. */
  timeoutMs: number;
  /** First retry delay; it doubles per failed attempt up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Undelivered callbacks kept at most; beyond it new events are dropped (and counted). */
  queueLimit: number;
  /**
   * With reorderCallbacks on, a parcel's first callback waits this long so the steps due meanwhile
   * are queued with it and can go out newest first.
   */
  reorderWindowMs: number;
}

export interface CarrierConfig {
  host: string;
  port: number;
  /** Time between tracking steps; 0 moves a parcel through all of them as fast as possible. */
  stepMs: number;
  callbacks: CallbackConfig;
  /** Fault knobs in force at start-up; PUT /admin/faults replaces them at run time. */
  faults: CarrierFaults;
}

const schema = z.object({
  CARRIER_HOST: envString('127.0.0.1'),
  CARRIER_PORT: envPort(8092),
  CARRIER_STEP_MS: envNonNegativeInt(1_000),
  CARRIER_CALLBACK_TIMEOUT_MS: envPositiveInt(5_000),
  CARRIER_CALLBACK_RETRY_BASE_MS: envPositiveInt(250),
  CARRIER_CALLBACK_RETRY_MAX_MS: envPositiveInt(30_000),
  CARRIER_CALLBACK_QUEUE_LIMIT: envPositiveInt(10_000),
  CARRIER_REORDER_WINDOW_MS: envOptionalNonNegativeInt(),
  CARRIER_ERROR_RATE: envRate(0),
  CARRIER_LATENCY_MS: envNonNegativeInt(0),
  CARRIER_OUTAGE_UNTIL: envInstant(),
  CARRIER_SKIP_RATE: envRate(0),
  CARRIER_DUPLICATE_RATE: envRate(0),
  CARRIER_REORDER_CALLBACKS: envBool(false),
  CARRIER_FRACTIONAL_ESTIMATE: envBool(false),
});

/** Long enough that two more steps fall due while a parcel's first callback waits (at least 20 ms). */
const defaultReorderWindowMs = (stepMs: number): number => Math.max(20, Math.round(stepMs * 2.5));

export function loadCarrierConfig(env: NodeJS.ProcessEnv = process.env): CarrierConfig {
  // infrastructure/stack.env names the port CARRIER_SIMULATOR_PORT; CARRIER_PORT wins when both are set.
  const parsed = parseEnv(
    schema,
    { ...env, CARRIER_PORT: env.CARRIER_PORT || env.CARRIER_SIMULATOR_PORT },
    'carrier-simulator',
  );
  return {
    host: parsed.CARRIER_HOST,
    port: parsed.CARRIER_PORT,
    stepMs: parsed.CARRIER_STEP_MS,
    callbacks: {
      timeoutMs: parsed.CARRIER_CALLBACK_TIMEOUT_MS,
      retryBaseMs: parsed.CARRIER_CALLBACK_RETRY_BASE_MS,
      retryMaxMs: Math.max(parsed.CARRIER_CALLBACK_RETRY_MAX_MS, parsed.CARRIER_CALLBACK_RETRY_BASE_MS),
      queueLimit: parsed.CARRIER_CALLBACK_QUEUE_LIMIT,
      reorderWindowMs: parsed.CARRIER_REORDER_WINDOW_MS ?? defaultReorderWindowMs(parsed.CARRIER_STEP_MS),
    },
    faults: {
      errorRate: parsed.CARRIER_ERROR_RATE,
      latencyMs: parsed.CARRIER_LATENCY_MS,
      outageUntil: parsed.CARRIER_OUTAGE_UNTIL,
      skipRate: parsed.CARRIER_SKIP_RATE,
      duplicateRate: parsed.CARRIER_DUPLICATE_RATE,
      reorderCallbacks: parsed.CARRIER_REORDER_CALLBACKS,
      fractionalEstimate: parsed.CARRIER_FRACTIONAL_ESTIMATE,
    },
  };
}
