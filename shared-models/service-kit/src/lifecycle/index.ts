export { installShutdown } from './shutdown';
export type { ShutdownHandle, ShutdownOptions, ShutdownStep, SignalSource } from './shutdown';
export { listen } from './listen';
export type { RunningServer } from './listen';
export { PeriodicWorker } from './periodic-worker';
export type { PeriodicWorkerOptions } from './periodic-worker';
export { runService } from './run-service';
export type { RunnableService, RunServiceOptions } from './run-service';
