// Refuse a body by its declared size before reading it. body-parser does detect an oversized
// Content-Length, but then drains the whole body before answering, so a client declaring 10 GB
// and sending nothing holds a connection (and a request slot) until the server's request timeout.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PayloadTooLargeError } from '../errors/errors';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2 };
const SIZE = /^(\d+)\s*(b|kb|mb)?$/i;

/** "100kb" → 102400 (body-parser's meaning of the same string); numbers are bytes. */
export function parseByteLimit(limit: string | number): number {
  if (typeof limit === 'number') return limit;
  const match = SIZE.exec(limit.trim());
  if (!match) throw new Error(`cannot read the body limit "${limit}"; use e.g. 100kb`);
  return Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1);
}

export function rejectDeclaredOversize(limit: string | number): RequestHandler {
  const maxBytes = parseByteLimit(limit);
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (!(declared > maxBytes)) {
      next();
      return;
    }
    // The unread body cannot be skipped cheaply, so this connection ends with the answer.
    res.set('Connection', 'close');
    next(
      new PayloadTooLargeError(`Request body exceeds the limit of ${maxBytes} bytes (Content-Length says ${declared})`),
    );
  };
}
