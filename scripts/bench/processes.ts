import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** CPU ticks and peak RSS of the processes start-system.sh started (pid files in .local/run/apps). */
export interface ProcessSample { name: string; pid: number; cpuTicks: number; peakRssMb: number }

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function sampleProcesses(root: string): ProcessSample[] {
  const dir = path.join(root, '.local/run/apps');
  let files: string[] = [];
  try { files = readdirSync(dir).filter((f) => f.endsWith('.pid')); } catch { return []; }
  const samples: ProcessSample[] = [];
  for (const file of files) {
    const pid = Number(readFileSync(path.join(dir, file), 'utf8').trim());
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      samples.push({ name: file.replace(/\.pid$/, ''), pid, cpuTicks: Number(stat[11]) + Number(stat[12]), peakRssMb: Math.round(hwmKb / 1024) });
    } catch { /* not running */ }
  }
  return samples;
}

/** CPU use (fraction of one core) of each process between two samples, and its peak RSS. */
export function usage(before: ProcessSample[], after: ProcessSample[], seconds: number): Array<{ name: string; cpuCores: number; peakRssMb: number }> {
  return after.map((a) => {
    const b = before.find((x) => x.pid === a.pid);
    const cpu = b ? (a.cpuTicks - b.cpuTicks) / TICKS_PER_SECOND / seconds : Number.NaN;
    return { name: a.name, cpuCores: Math.round(cpu * 100) / 100, peakRssMb: a.peakRssMb };
  });
}
