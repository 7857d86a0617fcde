import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../logger';

/**
 * Holds one connection in LISTEN on the outbox channel so the relay wakes on commit instead of polling
 * hard. If the connection drops, it reconnects with backoff; meanwhile the relay's poll keeps things moving.
 */
export class OutboxListener {
  private client: PoolClient | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly channel: string,
    private readonly onNotify: () => void,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    if (!client) return;
    await client.query(`UNLISTEN "${this.channel}"`).catch(() => undefined);
    client.release();
  }

  private async connect(attempt: number): Promise<void> {
    try {
      const client = await this.pool.connect();
      client.on('notification', () => this.onNotify());
      client.on('error', (error) => this.dropped(client, error));
      await client.query(`LISTEN "${this.channel}"`);
      this.client = client;
    } catch (error) {
      this.scheduleReconnect(attempt + 1, error);
    }
  }

  private dropped(client: PoolClient, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    client.release(error instanceof Error ? error : true);
    this.scheduleReconnect(1, error);
  }

  private scheduleReconnect(attempt: number, error: unknown): void {
    if (this.stopped) return;
    this.logger.warn({ err: error, attempt }, 'outbox listener disconnected; reconnecting');
    const delay = Math.min(10_000, 200 * 2 ** attempt);
    this.retryTimer = setTimeout(() => void this.connect(attempt), delay);
  }
}
