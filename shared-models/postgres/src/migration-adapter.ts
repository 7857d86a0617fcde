import { Pool, type PoolConfig } from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

// Postgres reports catalog columns of type `name` (oid 19) and `"char"` (oid 18). Prisma 6's JS
// schema engine cannot deserialize those, so `prisma migrate deploy` over a driver adapter fails with
// "Column type 'name' could not be deserialized". Both are plain text on the wire, so we relabel them.
const TEXT_OID = 25;
const RELABELLED_OIDS = new Set([18, 19]);

interface FieldLike {
  dataTypeID: number;
}
interface ResultLike {
  fields?: FieldLike[];
}

function relabel<T>(result: T): T {
  const fields = (result as ResultLike | undefined)?.fields;
  fields?.forEach((field) => {
    if (RELABELLED_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  });
  return result;
}

/** A pg Pool whose results describe `name`/`"char"` columns as text; used for migrations only. */
export class MigrationPool extends Pool {
  // pg's query() has many overloads; we only post-process the promise form that the adapter uses.
  override query(...args: unknown[]): never {
    const result = (Pool.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) return result.then(relabel) as never;
    return result as never;
  }
}

/** The driver adapter handed to the Prisma CLI (prisma.config.ts) for `migrate deploy`. */
export function migrationAdapter(config: PoolConfig): PrismaPg {
  return new PrismaPg(new MigrationPool(config) as unknown as Pool);
}
