import { runService } from '@kot/service-kit';
import { createAnalyticsService } from './app';
import { loadAnalyticsServiceConfig } from './config';

/** Starts the analytics service: read model, business metrics and consumer; SIGTERM/SIGINT stop it cleanly. */
runService({
  name: 'analytics-service',
  loadConfig: () => loadAnalyticsServiceConfig(),
  create: (config) => createAnalyticsService(config),
});
