// The printed form of system-status: pure functions from what was read to lines of text, so the layout
// (the columns operators and tests read, the loud flags) is unit-tested without a running system.
import type { PartitionMetadata } from './kafka-metadata';

export const SERVICE_HEADER = 'SERVICE                PORT  HEALTH  READY      VERSION  UPTIME   OUTBOX  BREAKERS';
const NAME_WIDTH = 22;

export interface InstanceStatus {
  name: string;
  port: number;
  /** null when /health did not answer */
  health: { version?: string; uptimeSeconds?: number } | null;
  ready: boolean;
  outboxBacklog: number;
  breakers: string;
}

export function serviceRow(s: InstanceStatus): string {
  if (!s.health) return `${s.name.padEnd(NAME_WIDTH)} ${s.port}  DOWN`;
  const ready = (s.ready ? 'ready' : 'NOT READY').padEnd(10);
  const uptime = `${Math.round(s.health.uptimeSeconds ?? 0)}s`.padEnd(8);
  return `${s.name.padEnd(NAME_WIDTH)} ${s.port}  up      ${ready} ${(s.health.version ?? '?').padEnd(8)} ${uptime} ${String(s.outboxBacklog).padEnd(7)} ${s.breakers || '-'}`;
}

export function serverRow(name: string, port: number, up: boolean): string {
  return `${name.padEnd(NAME_WIDTH)} ${port}  ${up ? 'up' : 'DOWN'}`;
}

export interface BrokerExpected {
  id: number;
  host: string;
  port: number;
}

export interface ClusterView {
  /** brokers the controller knows as alive (the cluster metadata) */
  live: Array<{ nodeId: number; host: string; port: number }>;
  controller: number | null;
}

/** One row per broker of the topology, DOWN when the cluster does not list it, plus any unexpected live one. */
export function brokerRows(expected: BrokerExpected[], cluster: ClusterView | null): string[] {
  const liveIds = new Set(cluster?.live.map((b) => b.nodeId) ?? []);
  const up = expected.filter((b) => liveIds.has(b.id)).length;
  const controller = cluster?.controller ?? null;
  const row = (id: number, address: string, state: string) =>
    `${String(id).padEnd(7)} ${address.padEnd(21)} ${state}${id === controller ? '  controller' : ''}`;
  const unexpected = (cluster?.live ?? []).filter((b) => !expected.some((e) => e.id === b.nodeId));
  return [
    `KAFKA  ${up} of ${expected.length} broker${expected.length === 1 ? '' : 's'} up, controller ${controller ?? '?'}`,
    'BROKER  ADDRESS               STATE',
    ...expected.map((b) => row(b.id, `${b.host}:${b.port}`, liveIds.has(b.id) ? 'up' : 'DOWN')),
    ...unexpected.map((b) => row(b.nodeId, `${b.host}:${b.port}`, 'up (not in the topology)')),
  ];
}

export interface PartitionHealth {
  underReplicated: number;
  offline: number;
}

/** Under-replicated: fewer replicas in sync than assigned. Offline: no leader, nobody can read or write it. */
export function partitionHealth(partitions: PartitionMetadata[]): PartitionHealth {
  return {
    underReplicated: partitions.filter((p) => p.isr.length < p.replicas.length).length,
    offline: partitions.filter((p) => p.leader < 0).length,
  };
}

const ids = (list: number[]) => (list.length ? list.join(',') : '-');

/** The partition table of one topic and its verdict line, flagged with !! when anything is wrong. */
export function partitionRows(topic: string, partitions: PartitionMetadata[]): string[] {
  const health = partitionHealth(partitions);
  const rows = partitions.map((p) => {
    const flag = p.leader < 0 ? 'OFFLINE' : p.isr.length < p.replicas.length ? 'UNDER-REPLICATED' : '';
    const leader = p.leader < 0 ? '-' : String(p.leader);
    return `  p${String(p.partition).padEnd(9)} ${leader.padEnd(7)} ${ids(p.replicas).padEnd(9)} ${ids(p.isr).padEnd(9)} ${flag}`.trimEnd();
  });
  const counts = `${health.underReplicated} under-replicated, ${health.offline} offline of ${partitions.length} partitions`;
  const verdict =
    health.underReplicated + health.offline > 0 ? `  !! ${topic}: ${counts.toUpperCase()} !!` : `  ${topic}: ${counts}`;
  return ['  PARTITION  LEADER  REPLICAS  ISR', ...rows, verdict];
}

export interface PartitionLag {
  partition: number;
  lag: number;
}

export function lagRow(group: string, lags: PartitionLag[]): string {
  const total = lags.reduce((sum, l) => sum + l.lag, 0);
  return `${group.padEnd(NAME_WIDTH)} ${String(total).padEnd(5)} ${lags.map((l) => `p${l.partition}=${l.lag}`).join(' ')}`;
}

/** Consumer lag per partition: the end offset minus what the group committed (nothing committed = all of it). */
export function lagsOf(
  ends: Array<{ partition: number; high: string }>,
  committed: Array<{ partition: number; offset: string }>,
): PartitionLag[] {
  return [...committed]
    .sort((a, b) => a.partition - b.partition)
    .map((p) => {
      const high = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
      return { partition: p.partition, lag: Math.max(0, high - Math.max(0, Number(p.offset))) };
    });
}
