// Requests Node's HTTP parser rejects (garbled request line, invalid header bytes, oversized
// headers, broken chunked encoding) never reach Express, so neither helmet nor the problem-details
// handler sees them. Node's default answer is a bare "400 Bad Request" with no body; this gives
// those clients the same problem+json shape every other error has.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem-details';

interface ParserError {
  code?: string;
}

function classify(code: string | undefined): { status: number; code: string; detail: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'HEADERS_TOO_LARGE',
        detail: 'The request line and headers are too large (the limit is 16 KB)',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'REQUEST_TIMEOUT', detail: 'The request was not received completely in time' };
    default:
      return {
        status: 400,
        code: 'MALFORMED_HTTP',
        detail: `The request is not valid HTTP/1.1 (${(code ?? 'parse error').slice(0, 60)})`,
      };
  }
}

/** Listener for http.Server's 'clientError' event. */
export function answerClientError(err: ParserError, socket: Duplex): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, code, detail } = classify(err.code);
  const body = JSON.stringify({
    type: problemType(code),
    title: STATUS_CODES[status] ?? 'Bad Request',
    status,
    detail,
    code,
  });
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}`,
      `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      'X-Content-Type-Options: nosniff',
      "Content-Security-Policy: default-src 'none'",
      'X-Frame-Options: SAMEORIGIN',
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
