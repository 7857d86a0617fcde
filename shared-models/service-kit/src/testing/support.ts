// Test support shared by this package's unit tests (not exported from the package).
import type { Express } from 'express';
import { createHttpApp, type HttpAppOptions } from '../http/create-app';
import { listen, type RunningServer } from '../lifecycle/listen';
import { createLogger, type Logger } from '../logging/logger';
import { createMetrics, type Metrics } from '../metrics/metrics';

export type LogLine = Record<string, unknown> & { level: string; msg?: string };

/** A logger that keeps parsed lines in memory so tests can assert on what was logged. */
export function memoryLogger(
  service = 'test-service',
  level: 'trace' | 'debug' | 'info' = 'debug',
): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger({
    service,
    level,
    destination: { write: (msg: string) => lines.push(JSON.parse(msg) as LogLine) },
  });
  return { logger, lines };
}

export interface TestApp {
  url: string;
  lines: LogLine[];
  metrics: Metrics;
  server: RunningServer;
  close(): Promise<void>;
}

/** Real app on a real ephemeral port: the tests speak HTTP to it with global fetch. */
export async function startTestApp(
  configure: (app: Express) => void,
  extra: Partial<HttpAppOptions> = {},
): Promise<TestApp> {
  const { logger, lines } = memoryLogger();
  const metrics = createMetrics({ service: 'test-service', defaultMetrics: false });
  const app = createHttpApp({ service: 'test-service', version: '1.2.3', logger, metrics, configure, ...extra });
  const server = await listen(app, 0, '127.0.0.1');
  return { url: server.url, lines, metrics, server, close: () => server.close(1000) };
}
