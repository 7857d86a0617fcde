import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually, freePort } from '@kot/testing';

export interface ScrapeTarget {
  service: string;
  url: string;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  url: string;
  /** An instant query through the HTTP API; throws on a PromQL error. */
  query(expr: string): Promise<PromSample[]>;
  stop(): Promise<void>;
}

/** Scrapes every second so a test sees its traffic within seconds; `service` labels come from the targets themselves. */
function configFor(targets: ScrapeTarget[]): string {
  const lines = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: services',
    '    honor_labels: true',
    '    static_configs:',
  ];
  for (const target of targets) {
    lines.push(`      - targets: ['${new URL(target.url).host}']`, `        labels: { service: ${target.service} }`);
  }
  return `${lines.join('\n')}\n`;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * A real Prometheus (the `prometheus` binary scripts/lib/ensure-prerequisites.sh installs) on a free
 * port, with its own data directory, scraping the given in-process services.
 */
export async function startPrometheus(targets: ScrapeTarget[]): Promise<RunningPrometheus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kot-prometheus-'));
  await writeFile(path.join(dir, 'prometheus.yml'), configFor(targets));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const stop = async (): Promise<void> => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
        return (await fetch(`${url}/-/ready`).catch(() => null))?.ok;
      },
      'prometheus to be ready',
      30_000,
      200,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const query = async (expr: string): Promise<PromSample[]> => {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: PromSample[] };
    };
    if (body.status !== 'success') throw new Error(`PromQL error for ${expr}: ${body.error}`);
    return body.data?.result ?? [];
  };
  return { url, query, stop };
}
