import { randomUUID } from 'node:crypto';
import { listen, type RunningServer } from '@kot/service-kit';
import { createTestTopics, EventTap, stackEnv } from '@kot/testing';
import { createAnalyticsService, type AnalyticsService } from '../app';
import { loadAnalyticsServiceConfig, type AnalyticsServiceConfig } from '../config';

/**
 * The analytics service in-process against the real Kafka, registry and Postgres, on a topic of its
 * own with a tap to publish the saga's events. It can be stopped and started again on the same
 * consumer group and database, as an operator would around a rebuild.
 */
export class AnalyticsHarness {
  private current: { service: AnalyticsService; server: RunningServer } | null = null;

  private constructor(
    readonly config: AnalyticsServiceConfig,
    readonly tap: EventTap,
  ) {}

  static async start(prefix: string, env: Record<string, string> = {}): Promise<AnalyticsHarness> {
    const { topic, deadLetterTopic } = await createTestTopics(prefix);
    const config = loadAnalyticsServiceConfig({
      ...stackEnv('analytics_service'),
      KAFKA_TOPIC: topic,
      KAFKA_DLQ_TOPIC: deadLetterTopic,
      KAFKA_GROUP_ID: `analytics-service-${randomUUID().slice(0, 8)}`,
      SERVICE_PORT: '0',
      LOG_LEVEL: 'silent',
      ...env,
    });
    const harness = new AnalyticsHarness(config, await new EventTap(topic).start());
    await harness.startService();
    return harness;
  }

  get service(): AnalyticsService {
    if (!this.current) throw new Error('the analytics service is stopped');
    return this.current.service;
  }

  get url(): string {
    if (!this.current) throw new Error('the analytics service is stopped');
    return this.current.server.url;
  }

  async startService(): Promise<void> {
    const service = await createAnalyticsService(this.config);
    const server = await listen(service.app, 0);
    await service.start();
    this.current = { service, server };
  }

  async stopService(): Promise<void> {
    const running = this.current;
    this.current = null;
    await running?.server.close(1000);
    await running?.service.stop();
  }

  async get<T>(path: string): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url}${path}`);
    return { status: response.status, body: (await response.json()) as T };
  }

  async stop(): Promise<void> {
    await this.tap.stop();
    await this.stopService().catch(() => undefined);
  }
}
