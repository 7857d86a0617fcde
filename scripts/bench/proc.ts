// Reading Linux /proc: CPU ticks and memory of a process. Parsing is split from reading so the
// parsers are unit-tested on fixed text. Reads are asynchronous: a sample touches hundreds of
// files (smaps_rollup alone takes the kernel a few ms per Postgres backend), and done synchronously
// it would stall the load generator's event loop for most of a second.
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

export const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface ProcStat {
  comm: string;
  ppid: number;
  ownTicks: number;
  reapedChildTicks: number;
}

/** /proc/<pid>/stat; the command name may hold spaces and parentheses, so split at the last ')'. */
export function parseStat(text: string): ProcStat {
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  const num = (i: number) => Number(fields[i] ?? 0);
  // Fields after the name, from 0: state, ppid, ... utime=11, stime=12, cutime=13, cstime=14.
  return { comm, ppid: num(1), ownTicks: num(11) + num(12), reapedChildTicks: num(13) + num(14) };
}

/** Kilobytes of a `Key:   123 kB` line in /proc/<pid>/status or smaps_rollup; 0 when absent. */
export function parseKb(text: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

export async function readStat(pid: number): Promise<ProcStat | null> {
  try {
    return parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Memory of a process in kB. `proportional` uses Pss from smaps_rollup, which splits shared pages
 * among their users: summing RSS over Postgres backends would count shared_buffers once per backend.
 */
export async function readMemoryKb(pid: number, proportional: boolean): Promise<number> {
  try {
    if (proportional) return parseKb(await readFile(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
    return parseKb(await readFile(`/proc/${pid}/status`, 'utf8'), 'VmRSS');
  } catch {
    return 0;
  }
}

/** The pid in a pid file when that process is alive; small files, read once per run. */
export function readPidFile(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    readFileSync(`/proc/${pid}/stat`);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Every live process whose command name is `comm`. */
export async function pidsByComm(comm: string): Promise<number[]> {
  const candidates = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const stats = await Promise.all(candidates.map(async (pid) => ({ pid, stat: await readStat(pid) })));
  return stats.filter((s) => s.stat?.comm === comm).map((s) => s.pid);
}
