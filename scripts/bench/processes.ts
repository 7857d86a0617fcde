// CPU and peak memory of everything the saga depends on, sampled every second during a run: the
// apps started by start-system.sh (.local/run/apps/*.pid), the Kafka and registry JVMs
// (.local/run/{kafka,registry}.pid) and Postgres as one group (postmaster and all its children;
// children that exit during the run still count through the postmaster's reaped-children time).
import { readdirSync } from 'node:fs';
import path from 'node:path';
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

function groups(root: string): Group[] {
  const run = path.join(root, '.local/run');
  // Pid files are read once per run: the apps are not restarted during one.
  const single = (file: string) => {
    const pid = readPidFile(file);
    return () => Promise.resolve(pid === null ? [] : [pid]);
  };
  let apps: string[] = [];
  try {
    apps = readdirSync(path.join(run, 'apps'))
      .filter((f) => f.endsWith('.pid'))
      .sort();
  } catch {
    /* system not started */
  }
  return [
    ...apps.map((file) => ({
      name: file.replace(/\.pid$/, ''),
      pids: single(path.join(run, 'apps', file)),
      proportional: false,
    })),
    { name: 'kafka', pids: single(path.join(run, 'kafka.pid')), proportional: false },
    { name: 'registry', pids: single(path.join(run, 'registry.pid')), proportional: false },
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
  const entries = await Promise.all(
    groups(root).map(async (g) => [g.name, Math.round((await groupMemoryKb(await g.pids(), g.proportional)) / 1024)]),
  );
  return Object.fromEntries(entries);
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
    await Promise.all(
      this.groups.map(async (group) => {
        const pids = await group.pids();
        const [kb, ticks] = await Promise.all([groupMemoryKb(pids, group.proportional), groupTicks(pids)]);
        this.peakKb.set(group.name, Math.max(this.peakKb.get(group.name) ?? 0, kb));
        this.last.set(group.name, { ticks, pids: pids.length });
      }),
    );
  }

  async stop(): Promise<ProcessUsage[]> {
    if (this.timer) clearInterval(this.timer);
    await this.inFlight;
    await this.sample();
    const seconds = (Date.now() - this.startedAt) / 1000;
    return this.groups.map((group) => {
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
  }
}
