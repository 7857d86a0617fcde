// Runs the carrier simulator as its own process (npm run start:carrier).
import { runUntilSignal } from '../shared/runtime';
import { startCarrierSimulator } from './app';
import { loadCarrierConfig } from './config';

void runUntilSignal('carrier-simulator', () => startCarrierSimulator(loadCarrierConfig()));
