// Start an HTTP server whose close() drains: requests already being served finish, idle
// keep-alive connections are dropped at once, and nothing new is accepted.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { answerClientError } from '../http/client-error';

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** Base URL, e.g. http://127.0.0.1:8081, handy for tests started on port 0. */
  readonly url: string;
  /**
   * Stop accepting connections and resolve once in-flight requests have completed. After
   * `forceAfterMs` (default 10 s) remaining connections are destroyed so close() always ends.
   */
  close(forceAfterMs?: number): Promise<void>;
}

/** Open sockets with the number of requests each is serving (0 = idle keep-alive). */
interface Connections {
  sockets: Map<Socket, number>;
  responses: Set<ServerResponse>;
}

function trackConnections(server: Server, isClosing: () => boolean): Connections {
  const sockets = new Map<Socket, number>();
  const responses = new Set<ServerResponse>();
  server.on('connection', (socket: Socket) => {
    sockets.set(socket, 0);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    sockets.set(socket, (sockets.get(socket) ?? 0) + 1);
    responses.add(res);
    if (isClosing()) res.setHeader('Connection', 'close');
    res.once('close', () => {
      responses.delete(res);
      const left = (sockets.get(socket) ?? 1) - 1;
      sockets.set(socket, left);
      if (isClosing() && left === 0) socket.destroySoon();
    });
  });
  return { sockets, responses };
}

function drain(server: Server, { sockets, responses }: Connections, forceAfterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => sockets.forEach((_, socket) => socket.destroy()), forceAfterMs);
    force.unref();
    server.close((err) => {
      clearTimeout(force);
      if (err) reject(err);
      else resolve();
    });
    // Answers still being prepared tell their client not to reuse the connection...
    for (const res of responses) if (!res.headersSent) res.setHeader('Connection', 'close');
    // ...and connections with nothing in flight go now instead of at their keep-alive timeout.
    for (const [socket, requests] of sockets) if (requests === 0) socket.destroySoon();
  });
}

export function listen(app: RequestListener, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  const server = createServer(app);
  // Requests Node cannot parse get a problem+json answer instead of a bare 400.
  server.on('clientError', answerClientError);
  let closing: Promise<void> | undefined;
  const connections = trackConnections(server, () => closing !== undefined);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      resolve({
        server,
        port: bound,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
        close: (forceAfterMs = 10_000) => (closing ??= drain(server, connections, forceAfterMs)),
      });
    });
  });
}
