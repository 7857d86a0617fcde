import { runService } from '@kot/service-kit';
import { createInventoryService } from './app';
import { loadInventoryServiceConfig } from './config';

/** Starts the inventory service: reservations, expiry, outbox relay and consumer; SIGTERM/SIGINT stop it cleanly. */
runService({
  name: 'inventory-service',
  loadConfig: () => loadInventoryServiceConfig(),
  create: (config) => createInventoryService(config),
});
