import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP forwarder a test puts between a service and one dependency to simulate outages: while
 * closed, new connections are accepted and reset at once (like a refused port, but the proxy keeps
 * its port); drop() also cuts every connection already open.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private open = false;
  /** Connections accepted while open; lets a test see that the service really reconnected. */
  accepted = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on an ephemeral port; starts closed unless told otherwise. */
  async listen(options: { open?: boolean } = {}): Promise<this> {
    this.open = options.open ?? false;
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return this;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  setOpen(open: boolean): void {
    this.open = open;
  }

  /** Closes the proxy and cuts every connection in flight. */
  drop(): void {
    this.open = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async stop(): Promise<void> {
    this.drop();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    if (!this.open) {
      client.resetAndDestroy();
      return;
    }
    this.accepted += 1;
    const upstream = connect(this.target.port, this.target.host);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  }
}

/** host:port out of a URL or `host:port` string. */
export function hostPort(address: string): { host: string; port: number } {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return { host: url.hostname, port: Number(url.port) };
}
