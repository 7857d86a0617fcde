export { BREAKER_STATE_VALUE, createBreaker } from './breaker';
export type { Breaker, BreakerDeps, BreakerOptions, BreakerState } from './breaker';
export { backoffDelay, defaultSleep, retryWithBackoff } from './retry';
export type { RetryOptions } from './retry';
