// The payment provider simulator's configuration; the only file of it that reads the environment.
import { z } from 'zod';
import { envInstant, envNonNegativeInt, envPort, envPositiveInt, envRate, envString, parseEnv } from '../shared/env';
import type { PaymentFaults } from '../shared/faults';

export interface PaymentConfig {
  host: string;
  port: number;
  /** Authorizations above this many minor units are declined with 'amount_limit_exceeded'. */
  amountLimitMinor: number;
  /** Fault knobs in force at start-up; PUT /admin/faults replaces them at run time. */
  faults: PaymentFaults;
}

const schema = z.object({
  PAYMENT_HOST: envString('127.0.0.1'),
  PAYMENT_PORT: envPort(8091),
  PAYMENT_AMOUNT_LIMIT_MINOR: envPositiveInt(1_000_000),
  PAYMENT_DECLINE_RATE: envRate(0),
  PAYMENT_ERROR_RATE: envRate(0),
  PAYMENT_LATENCY_MS: envNonNegativeInt(0),
  PAYMENT_OUTAGE_UNTIL: envInstant(),
});

export function loadPaymentConfig(env: NodeJS.ProcessEnv = process.env): PaymentConfig {
  // infrastructure/stack.env names the port PAYMENT_SIMULATOR_PORT; PAYMENT_PORT wins when both are set.
  const parsed = parseEnv(
    schema,
    { ...env, PAYMENT_PORT: env.PAYMENT_PORT || env.PAYMENT_SIMULATOR_PORT },
    'payment-simulator',
  );
  return {
    host: parsed.PAYMENT_HOST,
    port: parsed.PAYMENT_PORT,
    amountLimitMinor: parsed.PAYMENT_AMOUNT_LIMIT_MINOR,
    faults: {
      declineRate: parsed.PAYMENT_DECLINE_RATE,
      errorRate: parsed.PAYMENT_ERROR_RATE,
      latencyMs: parsed.PAYMENT_LATENCY_MS,
      outageUntil: parsed.PAYMENT_OUTAGE_UNTIL,
    },
  };
}
