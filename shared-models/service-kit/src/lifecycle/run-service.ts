import type { RequestListener } from 'node:http';
import type { Logger } from '../logging';
import { listen } from './listen';
import { installShutdown } from './shutdown';
import { startTelemetry } from '../telemetry';
import { Retrying } from './retrying';

/** What every service's composition root returns. */
export interface RunnableService {
  app: RequestListener;
  logger: Logger;
  /**
   * Starts the background parts (relay, consumer, workers) once HTTP listens. Retried with backoff
   * while it throws (e.g. seeding while Postgres is down), so it must be safe to call again.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface RunServiceOptions<C extends { SERVICE_PORT: number }> {
  name: string;
  loadConfig: () => C;
  create: (config: C) => Promise<RunnableService>;
  /** Extra fields for the "ready" log line (never secrets). */
  describe?: (config: C) => Record<string, unknown>;
}

/**
 * The one `main` of every service: config → composition root → listen → background work, then
 * SIGTERM/SIGINT stop HTTP first (draining requests), the background parts second, and flush spans last.
 */
export function runService<C extends { SERVICE_PORT: number; LISTEN_HOST: string }>(
  options: RunServiceOptions<C>,
): void {
  const boot = async (): Promise<void> => {
    const config = options.loadConfig();
    // Before the app exists, so HTTP/Express/pg are instrumented; a no-op unless OTLP is configured.
    const telemetry = startTelemetry({ service: options.name });
    const service = await options.create(config);
    const server = await listen(service.app, config.SERVICE_PORT, config.LISTEN_HOST);
    // Signals are handled from here on, so a service still waiting for its dependencies stops cleanly too.
    const starting = new Retrying(() => service.start(), service.logger);
    installShutdown({
      logger: service.logger,
      steps: [
        { name: 'http', run: () => server.close() },
        {
          name: 'background',
          run: async () => {
            starting.stop();
            await service.stop();
          },
        },
        { name: 'telemetry', run: () => telemetry.shutdown() },
      ],
    });
    if (await starting.run())
      service.logger.info({ port: config.SERVICE_PORT, ...options.describe?.(config) }, `${options.name} ready`);
  };
  boot().catch((error: unknown) => {
    // Config errors already name every bad variable; print and exit non-zero so supervisors notice.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
