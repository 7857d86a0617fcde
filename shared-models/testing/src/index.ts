export * from './decider-spec';
export * from './wait';
export * from './stack';
export * from './event-tap';
export * from './test-database';
export * from './test-topics';
export * from './ports';
