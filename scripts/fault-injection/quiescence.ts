// Waits for the system to come to rest after the last fault: every accepted order terminal, every
// outbox drained, no email still owed, and the analytics read model caught up. The follower keeps
// cancelling the orders whose customer wants to cancel, as during the load.
import type { Client } from 'pg';
import { followOnce, type LoadState, type OrderUrl } from './load';

const OUTBOXES = [
  'order_service',
  'inventory_service',
  'shipping_service',
  'notification_service',
  'analytics_service',
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Backlog {
  openOrders: number;
  unpublished: number;
  emailsOwed: number;
  analyticsBehind: number;
}

export async function readBacklog(db: Client, state: LoadState): Promise<Backlog> {
  // The order service's own rows, not just the ids the client saw: a 201 lost to a timeout still counts.
  const { rows: [open] = [] } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM order_service.orders WHERE status NOT IN ('DELIVERED', 'CANCELLED')`,
  );
  const openOrders = Math.max(Number(open?.n ?? 0), state.placed.filter((o) => !o.terminal).length);
  const unions = OUTBOXES.map(
    (schema) => `SELECT count(*) AS n FROM ${schema}.outbox WHERE published_at IS NULL AND parked_at IS NULL`,
  ).join(' UNION ALL ');
  const { rows: outbox } = await db.query<{ n: string }>(unions);
  const { rows: [emails] = [] } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM notification_service.notifications WHERE status IN ('PENDING', 'SENDING')`,
  );
  const { rows: [analytics] = [] } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM order_service.orders o
       LEFT JOIN analytics_service.orders a ON a.order_id = o.order_id
      WHERE a.status IS DISTINCT FROM o.status`,
  );
  return {
    openOrders,
    unpublished: outbox.reduce((sum, r) => sum + Number(r.n), 0),
    emailsOwed: Number(emails?.n ?? 0),
    analyticsBehind: Number(analytics?.n ?? 0),
  };
}

/** The last few open orders, where their sagas stand: what a slow recovery is waiting on. */
async function openOrderLines(db: Client, limit = 5): Promise<string[]> {
  const { rows } = await db.query<{ line: string }>(
    `SELECT concat_ws(' ', order_id, status, saga_step, coalesce(pending_action, '-'),
              'attempts=' || action_attempts, 'due=' || coalesce(to_char(due_at, 'HH24:MI:SS'), '-'),
              'updated=' || to_char(updated_at, 'HH24:MI:SS')) AS line
       FROM order_service.orders WHERE status NOT IN ('DELIVERED', 'CANCELLED') ORDER BY updated_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.line);
}

/** `at`: everything at rest; `ordersTerminalAt`: the first moment every accepted order was terminal. */
export interface Quiescence {
  at: number | null;
  ordersTerminalAt: number | null;
  backlog?: Backlog;
}

const atRest = (b: Backlog) =>
  b.openOrders === 0 && b.unpublished === 0 && b.emailsOwed === 0 && b.analyticsBehind === 0;

/**
 * Polls until at rest or `deadline` (null instants when that did not happen), with the last backlog seen. A query that fails (Postgres still restarting) just counts as "not yet".
 */
export async function waitForQuiescence(
  db: () => Promise<Client>,
  orderUrl: OrderUrl,
  state: LoadState,
  deadline: number,
  log: (line: string) => void,
): Promise<Quiescence> {
  let backlog: Backlog | undefined;
  let ordersTerminalAt: number | null = null;
  let lastLog = 0;
  while (Date.now() < deadline) {
    await followOnce(orderUrl, state);
    try {
      backlog = await readBacklog(await db(), state);
      if (ordersTerminalAt === null && backlog.openOrders === 0) ordersTerminalAt = Date.now();
      if (atRest(backlog)) return { at: Date.now(), ordersTerminalAt, backlog };
    } catch (error) {
      log(`quiescence: backlog not readable yet (${(error as Error).message})`);
    }
    if (backlog && Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(
        `quiescence: ${backlog.openOrders} orders open, ${backlog.unpublished} unpublished, ${backlog.emailsOwed} emails owed, ${backlog.analyticsBehind} analytics behind`,
      );
      if (backlog.openOrders > 0 && backlog.openOrders <= 10) {
        for (const line of await openOrderLines(await db()).catch(() => [])) log(`quiescence:   open ${line}`);
      }
    }
    await sleep(1_000);
  }
  return { at: null, ordersTerminalAt, backlog };
}
