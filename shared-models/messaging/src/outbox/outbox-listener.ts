import type { Client } from 'pg';
import type { Logger } from '../logger';

/**
 * Holds one connection in LISTEN on the outbox channel so the relay wakes on commit instead of polling
 * hard. The connection is its own (Database.listenConnection), not the pool's: a LISTEN holds it for
 * good, and a pooled one would shrink the pool for everything else. If it drops, it reconnects with
 * backoff; meanwhile the relay's poll keeps things moving.
 */
export class OutboxListener {
  private client: Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly connection: () => Client,
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
    await client.end().catch(() => undefined);
  }

  private async connect(attempt: number): Promise<void> {
    const client = this.connection();
    client.on('error', (error) => this.dropped(client, error));
    try {
      await client.connect();
      client.on('notification', () => this.onNotify());
      await client.query(`LISTEN "${this.channel}"`);
      if (this.stopped) return void (await client.end().catch(() => undefined));
      this.client = client;
    } catch (error) {
      await client.end().catch(() => undefined);
      this.scheduleReconnect(attempt + 1, error);
    }
  }

  private dropped(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    this.scheduleReconnect(1, error);
  }

  private scheduleReconnect(attempt: number, error: unknown): void {
    if (this.stopped) return;
    this.logger.warn({ err: error, attempt }, 'outbox listener disconnected; reconnecting');
    const delay = Math.min(10_000, 200 * 2 ** attempt);
    this.retryTimer = setTimeout(() => void this.connect(attempt), delay);
  }
}
