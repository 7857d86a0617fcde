import { installShutdown, listen } from '@kot/service-kit';
import { createAnalyticsService } from './app';
import { loadAnalyticsServiceConfig } from './config';

/** Starts the analytics service: config → composition root → HTTP + consumer; signals stop it. */
async function main(): Promise<void> {
  const config = loadAnalyticsServiceConfig();
  const service = await createAnalyticsService(config);
  const server = await listen(service.app, config.SERVICE_PORT, '127.0.0.1');
  await service.start();
  service.logger.info({ port: config.SERVICE_PORT }, 'analytics-service ready');
  installShutdown({
    logger: service.logger,
    steps: [
      { name: 'http', run: () => server.close() },
      { name: 'background', run: () => service.stop() },
    ],
  });
}

main().catch((error: unknown) => {
  // Config errors already name every bad variable; print and exit non-zero so supervisors notice.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
