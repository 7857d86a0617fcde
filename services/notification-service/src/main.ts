import { runService } from '@kot/service-kit';
import { createNotificationService } from './app';
import { loadNotificationServiceConfig } from './config';

/** Starts the notification service: email dispatcher, outbox relay and consumer; SIGTERM/SIGINT stop it cleanly. */
runService({
  name: 'notification-service',
  loadConfig: () => loadNotificationServiceConfig(),
  create: (config) => createNotificationService(config),
  describe: (config) => ({ smtp: `${config.SMTP_HOST}:${config.SMTP_PORT}` }),
});
