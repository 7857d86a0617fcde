// The analytics consumer, built the same way for the live service and for a rebuild (which only
// differs in its consumer group, database and metrics registry), so a replay runs exactly the code the
// live numbers came from.
import { serviceMessaging, type MessagingRuntime, type ServiceCore } from '@kot/messaging';
import type { BusinessMetrics } from './business-metrics';
import { analyticsSubscriptions } from './subscriptions';

export function createAnalyticsMessaging(
  core: ServiceCore,
  business: BusinessMetrics,
  groupId?: string,
): Promise<MessagingRuntime> {
  return serviceMessaging(core, analyticsSubscriptions({ metrics: business }), { groupId });
}
