// The invariant table of a fault-injection run: the saga's end-state rules from @kot/invariants on a
// snapshot of the isolated system (the same rules the simulation and the bench apply), then what only
// a real run can measure: recovery within the budget after the last fault, no accepted order lost,
// the stock ledger's bookkeeping and the analytics API's summary.
import { checkInvariants, type OrderOutcome, type Verdict } from '@kot/invariants';
import type { Client } from 'pg';
import { checkStockLedger, readSystemSnapshot, type SnapshotSources } from '../lib/system-snapshot';

export interface CheckResult {
  name: string;
  passed: boolean;
  detail: string;
  offenders: string[];
}

const OFFENDERS_SHOWN = 10;
const TERMINAL = ['DELIVERED', 'CANCELLED'];

export function toCheckResult(v: Verdict): CheckResult {
  return {
    name: v.name,
    passed: v.ok,
    detail: v.ok ? v.detail : `${v.detail}; ${v.offenders.length} offending`,
    offenders: v.offenders.slice(0, OFFENDERS_SHOWN),
  };
}

interface OrderRow {
  order_id: string;
  status: string;
  cancel_reason: string | null;
}

/** Every order terminal, each cancellation with a reason, and all of it within the budget after the last fault. */
export function checkRecovery(
  orders: readonly OrderRow[],
  quiescentAfterMs: number | null,
  budgetMs: number,
): CheckResult {
  const open = orders.filter((o) => !TERMINAL.includes(o.status));
  const noReason = orders.filter((o) => o.status === 'CANCELLED' && !o.cancel_reason);
  const inTime = quiescentAfterMs !== null && quiescentAfterMs <= budgetMs;
  const when =
    quiescentAfterMs === null
      ? `not all terminal within the wait`
      : `all terminal ${(quiescentAfterMs / 1000).toFixed(1)}s after the last fault (or the last order, if later)`;
  return {
    name: `every order terminal within ${budgetMs / 1000}s of the last fault`,
    passed: open.length === 0 && noReason.length === 0 && inTime,
    detail: `${orders.length - open.length}/${orders.length} terminal, ${noReason.length} cancelled without reason, ${when}`,
    offenders: [
      ...open.map((o) => `${o.order_id} ${o.status}`),
      ...noReason.map((o) => `${o.order_id} no reason`),
    ].slice(0, OFFENDERS_SHOWN),
  };
}

/** Every id that got a 201 has its order row and exactly one OrderPlaced in its stream. */
export async function checkNoneLost(
  db: Client,
  accepted: readonly string[],
  known: ReadonlySet<string>,
): Promise<CheckResult> {
  const { rows } = await db.query<{ stream_id: string; placed: number }>(
    `SELECT stream_id::text AS stream_id, count(*)::int AS placed FROM order_service.events
      WHERE type = 'OrderPlaced' AND stream_id = ANY($1::uuid[]) GROUP BY stream_id`,
    [accepted],
  );
  const placed = new Map(rows.map((r) => [r.stream_id, r.placed]));
  const lost = accepted.filter((id) => !known.has(id) || placed.get(id) !== 1);
  return {
    name: 'zero lost orders',
    passed: lost.length === 0,
    detail: `${lost.length} lost of ${accepted.length} accepted (${known.size} orders in the order service)`,
    offenders: lost
      .slice(0, OFFENDERS_SHOWN)
      .map((id) => `${id}: ${known.has(id) ? `${placed.get(id) ?? 0} OrderPlaced` : 'no order row'}`),
  };
}

interface Summary {
  orders: { placed: number; delivered: number; cancelled: number };
}

/** The analytics API's public summary counts what the order service counts (the snapshot compares per order). */
export async function checkAnalyticsSummary(
  analyticsUrl: string,
  from: number,
  orders: readonly OrderOutcome[],
): Promise<CheckResult> {
  const truth = {
    placed: orders.length,
    delivered: orders.filter((o) => o.status === 'DELIVERED').length,
    cancelled: orders.filter((o) => o.status === 'CANCELLED').length,
  };
  const window = `from=${new Date(from - 3_600_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`;
  const response = await fetch(`${analyticsUrl}/api/v1/analytics/summary?${window}`, {
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`analytics summary answered ${response.status}`);
  const api = ((await response.json()) as Summary).orders;
  const same = api.placed === truth.placed && api.delivered === truth.delivered && api.cancelled === truth.cancelled;
  return {
    name: 'analytics API summary equals the order counts',
    passed: same,
    detail: `placed/delivered/cancelled: order service ${truth.placed}/${truth.delivered}/${truth.cancelled}, analytics API ${api.placed}/${api.delivered}/${api.cancelled}`,
    offenders: [],
  };
}

export interface CheckInputs {
  db: Client;
  sources: SnapshotSources & { analyticsUrl: string };
  accepted: readonly string[];
  /** Last fault restored -> every order terminal (null: not within the wait). */
  ordersTerminalAfterMs: number | null;
  recoveryBudgetMs: number;
  runStartedAt: number;
  /** When the notification service was killed, planned or not (see SystemSnapshot.senderCrashes). */
  senderCrashes: number[];
}

export async function runChecks(input: CheckInputs): Promise<CheckResult[]> {
  const { rows } = await input.db.query<OrderRow>(
    'SELECT order_id::text AS order_id, status, cancel_reason FROM order_service.orders',
  );
  const known = new Set(rows.map((r) => r.order_id));
  // A 201 can be lost to a client timeout: such orders exist all the same and must meet every invariant too.
  const all = [...new Set([...input.accepted, ...known])];
  const snapshot = { ...(await readSystemSnapshot(input.db, input.sources, all)), senderCrashes: input.senderCrashes };
  return [
    ...checkInvariants(snapshot).map(toCheckResult),
    checkRecovery(rows, input.ordersTerminalAfterMs, input.recoveryBudgetMs),
    await checkNoneLost(input.db, input.accepted, known),
    toCheckResult(await checkStockLedger(input.db)),
    await checkAnalyticsSummary(input.sources.analyticsUrl, input.runStartedAt, snapshot.orders),
  ];
}
