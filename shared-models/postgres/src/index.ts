// @kot/postgres: how every service reaches Postgres (docs/conventions.md, "Postgres").
export * from './sql';
export * from './transactions';
export * from './database';
export * from './prisma';
export * from './migration-adapter';
