export * from './snapshot';
export * from './checks';
