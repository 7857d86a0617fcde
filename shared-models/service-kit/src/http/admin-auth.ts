// One guard for every admin-only route (restock, notification retry, ...), so the token rules
// cannot drift between services: Bearer scheme, constant-time comparison, 401 vs 403.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors/errors';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

// Hashing both sides first yields equal-length buffers, so timingSafeEqual never throws and the
// time taken reveals neither how much of the token matched nor its length.
const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** True when `presented` equals `expected`, compared in time independent of their contents. */
export function tokensMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * Checks an Authorization header: no usable Bearer credentials → 401 (authenticate first),
 * credentials that do not match → 403 (authenticated, but not the admin).
 */
export function checkAdminToken(authorization: string | undefined, adminToken: string): void {
  const presented = BEARER.exec(authorization ?? '')?.[1];
  if (!presented) {
    throw new UnauthorizedError('this operation needs an admin token: send Authorization: Bearer <token>', {
      code: 'ADMIN_TOKEN_REQUIRED',
    });
  }
  if (!tokensMatch(presented, adminToken))
    throw new ForbiddenError('the admin token is not valid', { code: 'ADMIN_TOKEN_INVALID' });
}

export interface AdminAuthOptions {
  /** From configuration (ADMIN_TOKEN); serviceEnvSchema refuses to start production without one. */
  token: string;
  /** Named in the WWW-Authenticate challenge of a 401. */
  realm: string;
}

export function requireAdminToken({ token, realm }: AdminAuthOptions): RequestHandler {
  // An empty token would make every "Bearer x" comparison meaningful only by accident; refuse it
  // at wiring time rather than on the first request.
  if (token.length === 0) throw new Error('requireAdminToken needs a non-empty token');
  const challenge = `Bearer realm="${realm.replace(/"/g, '')}"`;
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      checkAdminToken(req.header('authorization'), token);
    } catch (error) {
      if (error instanceof UnauthorizedError) res.setHeader('WWW-Authenticate', challenge);
      next(error);
      return;
    }
    next();
  };
}
