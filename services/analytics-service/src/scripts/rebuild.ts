// `npm run -w analytics-service rebuild`: rebuilds the read model from the topic. Stop the service
// first (the rebuild refuses while its consumer group has members); start it again afterwards.
import { createLogger } from '@kot/service-kit';
import { loadAnalyticsServiceConfig } from '../config';
import { ANALYTICS_SERVICE } from '../infrastructure/prisma';
import { rebuildReadModel } from '../infrastructure/rebuild';

async function main(): Promise<void> {
  const config = loadAnalyticsServiceConfig();
  const logger = createLogger({ service: `${ANALYTICS_SERVICE}-rebuild`, level: config.LOG_LEVEL });
  const report = await rebuildReadModel({ config, logger });
  logger.info(report, 'rebuild complete: the read model matches the topic up to the captured end offsets');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
