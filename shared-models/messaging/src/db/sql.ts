/**
 * The slice of a database transaction the messaging library needs. A Prisma interactive-transaction
 * client satisfies it, so the outbox and inbox rows commit in the same transaction as the service's own
 * state changes (no dual writes).
 */
export interface SqlTx {
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
}

/** Runs a function in one database transaction. */
export type TransactionRunner<Tx extends SqlTx> = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Schema names are interpolated into SQL, so only plain lower-case identifiers are accepted. */
export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a safe SQL identifier: ${name}`);
  return name;
}
