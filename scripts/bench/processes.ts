// CPU and peak memory of everything the saga depends on, sampled every second during a run: the
// apps started by start-system.sh (.local/run/apps/*.pid: every instance of every service), each Kafka
// node (.local/run/kafka.pid, or kafka-<n>.pid for a cluster), the registry JVM (.local/run/registry.pid)
// and Postgres as one group (postmaster and all its children; children that exit during the run still
// count through the postmaster's reaped-children time). A service or Kafka of several processes also
// gets a total row (process-groups.ts).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { byInstance, kafkaPidFiles, sampleTotals, withTotals } from './process-groups';
import { pidsByComm, readMemoryKb, readPidFile, readStat, TICKS_PER_SECOND } from './proc';

interface Group {
  name: string;
  pids: () => Promise<number[]>;
  proportional: boolean;
}

export interface ProcessUsage {
  name: string;
  pids: number;
  cpuCores: number | null;
  peakMemoryMb: number;
  memoryKind: 'rss' | 'pss';
}

function listing(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return []; // system not started
  }
}

function groups(root: string): Group[] {
  const run = path.join(root, '.local/run');
  // Pid files are read once per run: the apps are not restarted during one.
  const single = (file: string) => {
    const pid = readPidFile(file);
    return () => Promise.resolve(pid === null ? [] : [pid]);
  };
  const pidFile = (dir: string, file: string): Group => ({
    name: file.replace(/\.pid$/, ''),
    pids: single(path.join(dir, file)),
    proportional: false,
  });
  const apps = listing(path.join(run, 'apps'))
    .filter((f) => f.endsWith('.pid'))
    .sort((a, b) => byInstance(a.replace(/\.pid$/, ''), b.replace(/\.pid$/, '')));
  const kafka = kafkaPidFiles(listing(run));
  return [
    ...apps.map((file) => pidFile(path.join(run, 'apps'), file)),
    ...(kafka.length ? kafka : ['kafka.pid']).map((file) => pidFile(run, file)),
    pidFile(run, 'registry.pid'),
    { name: 'postgres', pids: () => pidsByComm('postgres'), proportional: true },
  ];
}

/** CPU ticks of a group: its live processes, plus what their exited children used (postmaster's backends). */
async function groupTicks(pids: number[]): Promise<number> {
  const stats = await Promise.all(pids.map(readStat));
  return stats.reduce((ticks, stat) => ticks + (stat ? stat.ownTicks + stat.reapedChildTicks : 0), 0);
}

async function groupMemoryKb(pids: number[], proportional: boolean): Promise<number> {
  const kb = await Promise.all(pids.map((pid) => readMemoryKb(pid, proportional)));
  return kb.reduce((sum, n) => sum + n, 0);
}

/** Resident memory of each app (and Kafka, the registry, Postgres) right now, in MB: the idle figure before any load. */
export async function memoryNow(root: string): Promise<Record<string, number>> {
  const kb = new Map(
    await Promise.all(
      groups(root).map(async (g) => [g.name, await groupMemoryKb(await g.pids(), g.proportional)] as const),
    ),
  );
  const mb = (entries: Iterable<[string, number]>) => [...entries].map(([name, n]) => [name, Math.round(n / 1024)]);
  return Object.fromEntries([...mb(kb), ...mb(sampleTotals(kb))]);
}

export class ProcessSampler {
  private readonly groups: Group[];
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, { ticks: number; pids: number }>();
  private readonly peakKb = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private startedAt = 0;

  constructor(root: string) {
    this.groups = groups(root);
  }

  async start(intervalMs = 1000): Promise<void> {
    this.startedAt = Date.now();
    for (const group of this.groups) this.first.set(group.name, await groupTicks(await group.pids()));
    await this.sample();
    // A slow sample is skipped over, never stacked.
    this.timer = setInterval(() => {
      this.inFlight ??= this.sample().finally(() => {
        this.inFlight = null;
      });
    }, intervalMs);
  }

  private async sample(): Promise<void> {
    const kbNow = new Map<string, number>();
    await Promise.all(
      this.groups.map(async (group) => {
        const pids = await group.pids();
        const [kb, ticks] = await Promise.all([groupMemoryKb(pids, group.proportional), groupTicks(pids)]);
        kbNow.set(group.name, kb);
        this.last.set(group.name, { ticks, pids: pids.length });
      }),
    );
    // Totals of several instances are summed within one sample, so their peak is a moment's real sum.
    for (const [name, kb] of [...kbNow, ...sampleTotals(kbNow)])
      this.peakKb.set(name, Math.max(this.peakKb.get(name) ?? 0, kb));
  }

  async stop(): Promise<ProcessUsage[]> {
    if (this.timer) clearInterval(this.timer);
    await this.inFlight;
    await this.sample();
    const seconds = (Date.now() - this.startedAt) / 1000;
    const rows = this.groups.map((group): ProcessUsage => {
      const last = this.last.get(group.name);
      const first = this.first.get(group.name) ?? 0;
      const cpu = last && last.pids > 0 && seconds > 0 ? (last.ticks - first) / TICKS_PER_SECOND / seconds : null;
      return {
        name: group.name,
        pids: last?.pids ?? 0,
        cpuCores: cpu === null ? null : Math.round(cpu * 100) / 100,
        peakMemoryMb: Math.round((this.peakKb.get(group.name) ?? 0) / 1024),
        memoryKind: group.proportional ? 'pss' : 'rss',
      };
    });
    return withTotals(rows, this.peakKb);
  }
}
