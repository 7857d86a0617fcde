// `npm run -w analytics-service rebuild [-- --accept-history-loss]`: rebuilds the read model from the topic.
// Stop the service first (the rebuild refuses while its consumer group has members); start it again afterwards.
import { createLogger } from '@kot/service-kit';
import { loadAnalyticsServiceConfig } from '../config';
import { rebuildReadModel } from '../infrastructure/rebuild';
import { ANALYTICS_SERVICE } from '../service';

const USAGE = `usage: npm run -w analytics-service rebuild [-- --accept-history-loss]

Empties the analytics read model and replays the topic (KAFKA_TOPIC) into it. Stop the analytics
service first; start it again afterwards.

The topic keeps 7 days. Once retention has deleted its oldest records, a replay cannot reproduce
the orders in them, so the rebuild refuses and changes nothing, naming each partition's gap.
  --accept-history-loss  rebuild anyway from what the topic still holds: orders whose events were
                         deleted leave the read model (the report lists the offsets not replayed)

Exit codes: 0 rebuilt, 1 failed or refused (read the message), 2 bad arguments.`;

function parseArgs(args: string[]): { acceptHistoryLoss: boolean } | null {
  const known = new Set(['--accept-history-loss']);
  if (args.some((arg) => !known.has(arg))) return null;
  return { acceptHistoryLoss: args.includes('--accept-history-loss') };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const parsed = parseArgs(args);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (!parsed) {
    console.error(`unknown argument(s): ${args.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  const config = loadAnalyticsServiceConfig();
  const logger = createLogger({ service: `${ANALYTICS_SERVICE}-rebuild`, level: config.LOG_LEVEL });
  const report = await rebuildReadModel({ config, logger, acceptHistoryLoss: parsed.acceptHistoryLoss });
  logger.info(report, 'rebuild complete: the read model matches the topic up to the captured end offsets');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
