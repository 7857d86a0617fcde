import { createHash, timingSafeEqual } from 'node:crypto';
import { ForbiddenError, UnauthorizedError } from '@kot/service-kit';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

// Hashing both sides first gives equal-length buffers, so timingSafeEqual never throws and the
// comparison time reveals neither the token nor its length.
const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks an `Authorization` header against the admin token: no usable Bearer credentials → 401
 * (the client must authenticate), credentials that do not match → 403 (authenticated, not allowed).
 */
export function checkAdminToken(authorization: string | undefined, adminToken: string): void {
  const presented = BEARER.exec(authorization ?? '')?.[1];
  if (!presented) throw new UnauthorizedError('this operation needs an admin token: send Authorization: Bearer <token>', { code: 'ADMIN_TOKEN_REQUIRED' });
  if (!timingSafeEqual(digest(presented), digest(adminToken))) throw new ForbiddenError('the admin token is not valid', { code: 'ADMIN_TOKEN_INVALID' });
}
