// Runs the payment provider simulator as its own process (npm run start:payment).
import { runUntilSignal } from '../shared/runtime';
import { startPaymentSimulator } from './app';
import { loadPaymentConfig } from './config';

void runUntilSignal('payment-simulator', () => startPaymentSimulator(loadPaymentConfig()));
