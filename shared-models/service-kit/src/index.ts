// @kot/service-kit: the plumbing every service shares. Import from here, not from sub-paths,
// so modules can be reorganised without touching the services.
export * from './config';
export * from './errors';
export * from './http';
export * from './lifecycle';
export * from './logging';
export * from './metrics';
export * from './resilience';
export * from './telemetry';
export { formatMoney } from './money/format-money';
export * from './ids';
export * from './decider/decider';
