// Which processes a bench run measures, and how several processes of one component add up. With
// `start-system.sh --brokers 3 --replicas 2` there are three Kafka JVMs (run/kafka-<n>.pid, run/kafka.pid
// for a single node) and two processes per service (run/apps/<service>.pid, run/apps/<service>-2.pid).
// Every process keeps its own row (the memory targets hold per instance: each one must fit in 150 MB
// idle and 180 MB at peak); a component of several processes gets one more row summing them.
import type { ProcessUsage } from './processes';

/** 'order-service-2' → 'order-service', 'kafka-3' → 'kafka'; a name without a number is its own component. */
export function componentOf(name: string): string {
  return name.replace(/-\d+$/, '');
}

/** The row that sums a component's processes: CPU summed, memory the peak of their summed RSS. */
export function totalName(component: string, count: number): string {
  return `${component} ×${count} sum`;
}

/** A service instance's own row (not a sum, not Kafka or Postgres): what the per-service memory targets judge. */
export function isServiceInstance(name: string): boolean {
  return /^[a-z-]+-service(-\d+)?$/.test(name);
}

/** Instance 1 (no number) before 2, 3, … of the same component; components by name. */
export function byInstance(a: string, b: string): number {
  const index = (name: string) => Number(/-(\d+)$/.exec(name)?.[1] ?? 1);
  return componentOf(a).localeCompare(componentOf(b)) || index(a) - index(b);
}

/** The Kafka pid files of a run folder listing: kafka.pid for one node, kafka-<n>.pid for a cluster, by n. */
export function kafkaPidFiles(entries: string[]): string[] {
  const number = (file: string) => Number(/^kafka-(\d+)\.pid$/.exec(file)?.[1] ?? 0);
  return entries.filter((file) => /^kafka(-\d+)?\.pid$/.test(file)).sort((a, b) => number(a) - number(b));
}

/** Components of more than one process, each with its members' names, in first-seen order. */
export function multiProcessComponents(names: string[]): Map<string, string[]> {
  const byComponent = new Map<string, string[]>();
  for (const name of names) byComponent.set(componentOf(name), [...(byComponent.get(componentOf(name)) ?? []), name]);
  return new Map([...byComponent].filter(([, members]) => members.length > 1));
}

/** Adds up the kB of each multi-process component in one sample, keyed by the total row's name. */
export function sampleTotals(kbByName: Map<string, number>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [component, members] of multiProcessComponents([...kbByName.keys()])) {
    totals.set(
      totalName(component, members.length),
      members.reduce((sum, name) => sum + (kbByName.get(name) ?? 0), 0),
    );
  }
  return totals;
}

/**
 * Each component's rows followed by its total row. CPU of the total is the sum of its processes'; its
 * memory is `peakSumKb`, the highest sum seen in one sample (the sum of each process's own peak would
 * add peaks that happened at different moments). A single process, today's default, gets no total row.
 */
export function withTotals(rows: ProcessUsage[], peakSumKb: Map<string, number>): ProcessUsage[] {
  const components = multiProcessComponents(rows.map((r) => r.name));
  const out: ProcessUsage[] = [];
  rows.forEach((row, i) => {
    out.push(row);
    const component = componentOf(row.name);
    const members = components.get(component);
    if (!members || rows.slice(i + 1).some((r) => componentOf(r.name) === component)) return;
    const mine = rows.filter((r) => members.includes(r.name));
    const measured = mine.filter((r) => r.cpuCores !== null);
    const name = totalName(component, members.length);
    out.push({
      name,
      pids: mine.reduce((sum, r) => sum + r.pids, 0),
      cpuCores: measured.length ? Math.round(measured.reduce((s, r) => s + (r.cpuCores ?? 0), 0) * 100) / 100 : null,
      peakMemoryMb: Math.round((peakSumKb.get(name) ?? 0) / 1024),
      memoryKind: row.memoryKind,
    });
  });
  return out;
}
