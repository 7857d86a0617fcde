// Text that JSON and URLs can carry but our stores cannot keep as sent: Postgres refuses NUL
// (\u0000) in text columns (a 500 if it gets that far), and a lone UTF-16 surrogate is silently
// replaced by U+FFFD when encoded as UTF-8, so the data read back would differ from what was sent.
// Refusing both at the edge, naming the field, keeps the promise "stored verbatim or rejected".
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { FieldError } from '../errors/app-error';
import { ValidationError } from '../errors/errors';

const MAX_DEPTH = 32;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored verbatim, or undefined when it can. */
export function unstorableTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it contains an unpaired surrogate)';
  return undefined;
}

function collect(value: unknown, path: string, out: FieldError[], depth: number): void {
  if (out.length >= 20 || depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    const reason = unstorableTextReason(value);
    if (reason) out.push({ field: path || '(root)', message: reason });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    const keyReason = unstorableTextReason(key);
    const safeKey = keyReason ? '(key)' : key;
    const childPath = path ? `${path}.${safeKey}` : safeKey;
    if (keyReason) out.push({ field: childPath, message: `property name ${keyReason}` });
    collect(child, childPath, out, depth + 1);
  }
}

/** Problems in the parsed body and query string, fields named as a client wrote them. */
export function unstorableTextIn(req: Pick<Request, 'body' | 'query'>): FieldError[] {
  const errors: FieldError[] = [];
  collect(req.query, '', errors, 0);
  collect(req.body, '', errors, 0);
  return errors;
}

/** 400 naming each field whose text could not be stored as sent. */
export function rejectUnstorableText(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const errors = unstorableTextIn(req);
    next(errors.length > 0 ? new ValidationError(errors) : undefined);
  };
}
