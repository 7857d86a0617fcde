import { runService } from '@kot/service-kit';
import { createOrderService } from './app';
import { loadOrderServiceConfig } from './config';

/** Starts the order service: the HTTP API, saga scheduler, outbox relay and consumer; SIGTERM/SIGINT stop it cleanly. */
runService({
  name: 'order-service',
  loadConfig: () => loadOrderServiceConfig(),
  create: (config) => createOrderService(config),
});
