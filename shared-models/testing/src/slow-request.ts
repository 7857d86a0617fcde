import { connect, type Socket } from 'node:net';

export interface SlowResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * An HTTP request that stays in flight until the test says so: the headers announce a two-byte
 * JSON body and only the first byte is sent, so the server's body parser is waiting. The request
 * asks for `100 Continue`, which the server sends once it has parsed the headers: open() waits for
 * it, so the server has really accepted the request before the test goes on (e.g. signals it).
 * `finish()` sends the rest and resolves with the final response; `abandon()` hangs up.
 */
export class SlowRequest {
  private readonly socket: Socket;
  private readonly response: Promise<SlowResponse>;
  private readonly accepted: Promise<void>;

  private constructor(port: number, path: string) {
    this.socket = connect(port, '127.0.0.1');
    let continued: () => void = () => undefined;
    this.accepted = new Promise((resolve) => (continued = resolve));
    this.response = new Promise((resolve, reject) => {
      let raw = '';
      this.socket.setEncoding('utf8').on('data', (chunk: string) => {
        raw += chunk;
        if (raw.startsWith('HTTP/1.1 100')) continued();
      });
      this.socket.on('error', reject);
      this.socket.on('close', () =>
        raw ? resolve(parse(raw)) : reject(new Error('connection closed without a response')),
      );
    });
    this.response.catch(() => undefined); // awaited only via finish(); a hang-up after abandon() is expected
    this.socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n{`,
    );
  }

  /** Resolves once the server has parsed the request's headers (it answered 100 Continue). */
  static async open(port: number, path: string): Promise<SlowRequest> {
    const request = new SlowRequest(port, path);
    await Promise.race([
      request.accepted,
      request.response.then(() => {
        throw new Error('answered before the body was sent');
      }),
    ]);
    return request;
  }

  finish(): Promise<SlowResponse> {
    this.socket.write('}');
    return this.response;
  }

  abandon(): void {
    this.socket.destroy();
  }
}

function parse(received: string): SlowResponse {
  const raw = received.replace(/^HTTP\/1\.1 100[^\r]*\r\n\r\n/, '');
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()];
    }),
  );
  const body = rest.join('\r\n\r\n');
  // Chunked bodies keep their chunk-size lines; tests only look for substrings in them.
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}
