// The end-state invariants over the orders a bench run placed: the saga's rules from @kot/invariants
// (the same the simulation and the fault-injection run apply) on a snapshot of the real system, plus
// the stock ledger's own bookkeeping. Reads the `kot` database as superuser and the simulators'
// inspection endpoints (payment ledger, carrier parcels, mail catcher).
import { checkInvariants as sagaInvariants, type Verdict } from '@kot/invariants';
import type pg from 'pg';
import { checkStockLedger, readSystemSnapshot } from '../lib/system-snapshot';
import type { Endpoints } from './config';

export interface InvariantResult {
  name: string;
  ok: boolean;
  detail: string;
}

const SAMPLE = 5;

/** A verdict as one printed line: its measure, and when it failed how many offend and the first few. */
export function toInvariantResult(v: Verdict): InvariantResult {
  const sample = v.offenders.slice(0, SAMPLE).join(', ');
  const more = v.offenders.length > SAMPLE ? ', …' : '';
  return {
    name: v.name,
    ok: v.ok,
    detail: v.ok ? v.detail : `${v.detail}; ${v.offenders.length} offending: ${sample}${more}`,
  };
}

export async function checkInvariants(
  client: pg.Pool,
  endpoints: Endpoints,
  orderIds: string[],
): Promise<InvariantResult[]> {
  const snapshot = await readSystemSnapshot(client, endpoints, orderIds);
  const ledger = await checkStockLedger(client);
  return [...sagaInvariants(snapshot), ledger].map(toInvariantResult);
}
