// HTTP over a bare socket, for requests fetch refuses to send: bodies that lie about their length,
// huge declared sizes, invalid header bytes, garbled request lines.
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server wrote, for diagnostics. */
  raw: string;
}

const TIMEOUT_MS = 10_000;

function parseResponse(raw: string): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = split === -1 ? '' : raw.slice(split + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status, headers, body, raw };
}

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (lineEnd === -1 || !(size > 0)) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

/** True once a complete response (by Content-Length or the final chunk) has arrived. */
function complete(raw: string): boolean {
  const split = raw.indexOf('\r\n\r\n');
  if (split === -1) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(raw.slice(0, split))?.[1];
  if (length !== undefined) return Buffer.byteLength(raw.slice(split + 4)) >= Number(length);
  return /\r\ntransfer-encoding:\s*chunked/i.test(raw.slice(0, split)) ? raw.endsWith('0\r\n\r\n') : false;
}

/**
 * Writes `request` (the whole thing: request line, headers, blank line, body) to host:port and
 * resolves with the first response; `endAfterWrite` half-closes the socket as a client that
 * gives up mid-body would.
 */
export function sendRaw(
  baseUrl: string,
  request: string | Buffer,
  options: { endAfterWrite?: boolean } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no complete response within ${TIMEOUT_MS} ms; got: ${Buffer.concat(chunks).toString('latin1').slice(0, 300)}`,
        ),
      );
    }, TIMEOUT_MS);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseResponse(Buffer.concat(chunks).toString('utf8')));
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (complete(Buffer.concat(chunks).toString('utf8'))) finish();
    });
    socket.on('end', finish);
    socket.on('error', (error) => {
      // A server that answers and then resets the connection still answered.
      if (chunks.length > 0) finish();
      else {
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.write(request, () => {
      if (options.endAfterWrite) socket.end();
    });
  });
}

/** A request with the given head lines and body, Content-Length computed unless a header sets it. */
export function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | Buffer = '',
): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const all: Record<string, string> = { host: 'localhost', connection: 'close', ...headers };
  if (
    !Object.keys(all).some(
      (name) => name.toLowerCase() === 'content-length' || name.toLowerCase() === 'transfer-encoding',
    )
  ) {
    all['content-length'] = String(bytes.length);
  }
  const head = [
    `${method} ${path} HTTP/1.1`,
    ...Object.entries(all).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}
