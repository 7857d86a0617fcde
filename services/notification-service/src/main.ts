import { installShutdown, listen } from '@kot/service-kit';
import { createNotificationService } from './app';
import { loadNotificationServiceConfig } from './config';

/** Starts the notification service: config → composition root → HTTP + background work; signals stop it. */
async function main(): Promise<void> {
  const config = loadNotificationServiceConfig();
  const service = await createNotificationService(config);
  const server = await listen(service.app, config.SERVICE_PORT, '127.0.0.1');
  await service.start();
  service.logger.info({ port: config.SERVICE_PORT, smtp: `${config.SMTP_HOST}:${config.SMTP_PORT}` }, 'notification-service ready');
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
