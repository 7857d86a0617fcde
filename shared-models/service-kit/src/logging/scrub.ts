// Credentials inside free text: key-based redaction cannot see a password embedded in a
// connection string that ends up in a message or an error (a driver's "cannot connect to
// postgres://user:secret@host" is the classic leak), so URLs are scrubbed by shape as well.

// scheme://user:password@ → keep the user, hide the password.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):([^\s@/]+)@/gi;
// "Bearer abc..." in text (e.g. an echoed header) → hide the token.
const BEARER_TOKEN = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/g;

export const SCRUBBED = '[REDACTED]';

export function scrubCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1:${SCRUBBED}@`).replace(BEARER_TOKEN, `$1 ${SCRUBBED}`);
}

/**
 * A copy of `fields` with credentials scrubbed from string values down to `depth` levels.
 * Non-plain objects (errors, dates, buffers) are left to their serializers.
 */
export function scrubFields(fields: Record<string, unknown>, depth = 2): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') out[key] = scrubCredentials(value);
    else if (depth > 1 && isPlainObject(value)) out[key] = scrubFields(value, depth - 1);
    else out[key] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
