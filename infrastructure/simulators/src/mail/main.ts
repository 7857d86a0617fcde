// Runs the mail catcher as its own process (npm run start:mail).
import { runUntilSignal } from '../shared/runtime';
import { startMailCatcher } from './app';
import { loadMailConfig } from './config';

void runUntilSignal('mail-catcher', () => startMailCatcher(loadMailConfig()));
