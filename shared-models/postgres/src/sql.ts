import type { QueryResultRow } from 'pg';

/**
 * The one interface code writes to Postgres through (docs/conventions.md, "Postgres"): plain SQL with
 * positional parameters. A `name` makes the statement a prepared one, which pg parses once per
 * connection and afterwards sends only the parameters; a named statement's text must never vary (put
 * the schema into the name when the text carries one). The inbox, the outbox and the saga's writes
 * are all named.
 */
export interface SqlTx {
  /** The rows a statement returns. */
  query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: readonly unknown[],
    name?: string,
  ): Promise<R[]>;
  /** The number of rows a statement touched (UPDATE ... WHERE guard, INSERT ... ON CONFLICT DO NOTHING). */
  execute(text: string, values?: readonly unknown[], name?: string): Promise<number>;
}

/** Runs a function in one database transaction. */
export type TransactionRunner<Tx extends SqlTx> = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Schema names are interpolated into SQL, so only plain lower-case identifiers are accepted. */
export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a safe SQL identifier: ${name}`);
  return name;
}
