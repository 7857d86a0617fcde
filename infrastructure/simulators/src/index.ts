// Entry point for suites that start a simulator in-process (on port 0) instead of as a process.
export { startPaymentSimulator, type PaymentSimulator } from './payment/app';
export { loadPaymentConfig, type PaymentConfig } from './payment/config';
export { startCarrierSimulator, type CarrierSimulator } from './carrier/app';
export { loadCarrierConfig, type CarrierConfig } from './carrier/config';
export { startMailCatcher, type MailCatcher } from './mail/app';
export { loadMailConfig, type MailConfig } from './mail/config';
export type { CapturedMessage } from './mail/message';
export type { TrackingEvent, ShipmentStatus } from './carrier/shipments';
export type { Authorization, Refund } from './payment/ledger';
export { silentLogger, type Logger, type RandomSource, type Clock } from './shared/runtime';
