export { installShutdown } from './shutdown';
export type { ShutdownHandle, ShutdownOptions, ShutdownStep, SignalSource } from './shutdown';
export { listen } from './listen';
export type { RunningServer } from './listen';
