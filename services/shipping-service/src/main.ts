import { runService } from '@kot/service-kit';
import { createShippingService } from './app';
import { loadShippingServiceConfig } from './config';

/** Starts the shipping service: carrier worker, tracking webhook, outbox relay and consumer; SIGTERM/SIGINT stop it cleanly. */
runService({
  name: 'shipping-service',
  loadConfig: () => loadShippingServiceConfig(),
  create: (config) => createShippingService(config),
});
