// The mail catcher's configuration; the only file of it that reads the environment.
import path from 'node:path';
import { z } from 'zod';
import { envNonNegativeInt, envPort, envPositiveInt, envString, parseEnv } from '../shared/env';
import type { MailFaults } from '../shared/faults';

/** src/mail -> src -> simulators -> infrastructure -> repo root. */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

export interface MailConfig {
  host: string;
  smtpPort: number;
  httpPort: number;
  /** Where captured messages are kept (one .json and one .eml each), so a restart keeps them. */
  dir: string;
  /** Larger messages are refused with 552 like a real MTA would. */
  maxMessageBytes: number;
  /** Fault knobs in force at start-up; PUT /admin/faults on the HTTP port replaces them at run time. */
  faults: MailFaults;
}

const schema = z.object({
  MAIL_HOST: envString('127.0.0.1'),
  MAIL_SMTP_PORT: envPort(1025),
  MAIL_HTTP_PORT: envPort(8025),
  MAIL_DIR: envString('.local/mail'),
  MAIL_MAX_MESSAGE_BYTES: envPositiveInt(10 * 1024 * 1024),
  MAIL_ACCEPT_DELAY_MS: envNonNegativeInt(0),
});

/** A relative MAIL_DIR is taken from the repo root, whichever folder npm runs the script in. */
export function loadMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  const parsed = parseEnv(schema, env, 'mail-catcher');
  return {
    host: parsed.MAIL_HOST,
    smtpPort: parsed.MAIL_SMTP_PORT,
    httpPort: parsed.MAIL_HTTP_PORT,
    dir: path.resolve(REPO_ROOT, parsed.MAIL_DIR),
    maxMessageBytes: parsed.MAIL_MAX_MESSAGE_BYTES,
    faults: { acceptDelayMs: parsed.MAIL_ACCEPT_DELAY_MS },
  };
}
