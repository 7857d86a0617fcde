export { installShutdown } from './shutdown';
export type { ShutdownHandle, ShutdownOptions, ShutdownStep, SignalSource } from './shutdown';
export { listen } from './listen';
export type { RunningServer } from './listen';
export { PeriodicTask } from './periodic-task';
export type { PeriodicTaskOptions } from './periodic-task';
export { runService } from './run-service';
export type { RunnableService, RunServiceOptions } from './run-service';
