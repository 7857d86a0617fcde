// An SMTP server that answers slowly, on a real socket: every reply (the greeting included) waits
// `replyDelayMs`, like a relay under load or one scanning content. It keeps a message the moment the
// final "." arrives, before its delayed "250", as a real relay that commits first may: that is the
// case where a client that stops waiting cannot know whether its message went out.
import { createServer, type Server, type Socket } from 'node:net';

export interface SlowSmtpOptions {
  replyDelayMs: number;
  /** The first this-many connections never answer MAIL FROM (a server that hangs mid-conversation). */
  hangFirstConnections?: number;
}

/** One conversation as the server saw it: when it opened and when the client went away. */
export interface SeenConnection {
  openedAt: number;
  closedAt: number | null;
}

export class SlowSmtpServer {
  /** The Message-ID header of every message kept, one entry per copy. */
  readonly received: string[] = [];
  readonly connections: SeenConnection[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly options: SlowSmtpOptions,
  ) {}

  static async start(options: SlowSmtpOptions): Promise<SlowSmtpServer> {
    const server = createServer();
    const smtp = new SlowSmtpServer(server, options);
    server.on('connection', (socket) => smtp.converse(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return smtp;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  copiesOf(messageId: string): number {
    return this.received.filter((id) => id === messageId).length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private converse(socket: Socket): void {
    const seen: SeenConnection = { openedAt: Date.now(), closedAt: null };
    const hangs = this.connections.push(seen) <= (this.options.hangFirstConnections ?? 0);
    this.sockets.add(socket);
    socket.on('close', () => {
      seen.closedAt = Date.now();
      this.sockets.delete(socket);
    });
    socket.on('error', () => undefined);
    const reply = delayedReplies(socket, this.options.replyDelayMs);
    reply('220 slow.smtp.test ESMTP');
    let message: string[] | null = null;
    eachLine(socket, (line) => {
      if (message) {
        if (line !== '.') message.push(line);
        else {
          this.keep(message);
          message = null;
          reply(`250 2.0.0 Ok: queued as SLOW${this.received.length}`);
        }
        return;
      }
      const command = line.toUpperCase();
      if (command.startsWith('MAIL') && hangs) return;
      if (command === 'DATA') message = [];
      reply(answerTo(command));
    });
  }

  /** Headers may be folded onto the next line (nodemailer folds a long Message-ID), so unfold first. */
  private keep(lines: string[]): void {
    const headers = lines
      .slice(0, lines.indexOf(''))
      .join('\r\n')
      .replace(/\r\n[ \t]+/g, ' ');
    this.received.push(/^message-id:\s*(\S+)/im.exec(headers)?.[1] ?? '(none)');
  }
}

/** Replies leave in order, each `delayMs` after the previous one was due. */
function delayedReplies(socket: Socket, delayMs: number): (line: string) => void {
  let queue = Promise.resolve();
  return (line) => {
    queue = queue
      .then(() => new Promise((resolve) => setTimeout(resolve, delayMs)))
      .then(() => {
        if (!socket.destroyed) socket.write(`${line}\r\n`);
      });
  };
}

/** SMTP is lines both ways, the message body included (it ends with a line holding only "."). */
function eachLine(socket: Socket, handle: (line: string) => void): void {
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    for (let eol = buffer.indexOf('\r\n'); eol >= 0; eol = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, eol);
      buffer = buffer.slice(eol + 2);
      handle(line);
    }
  });
}

function answerTo(command: string): string {
  if (command.startsWith('EHLO')) return '250 slow.smtp.test';
  if (command === 'DATA') return '354 End data with <CR><LF>.<CR><LF>';
  if (command === 'QUIT') return '221 Bye';
  return '250 Ok';
}
