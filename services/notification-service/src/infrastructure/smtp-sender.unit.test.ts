import { isRetriable } from '@kot/service-kit';
import { providerMessageIdOf, translateSmtpError } from './smtp-sender';

describe("the mail server's id for an accepted message", () => {
  it.each([
    ['250 2.0.0 Ok: queued as 4F1A2B3C5D', '4F1A2B3C5D'],
    ['250 Message queued as 001795311180721-1a2b3c4d', '001795311180721-1a2b3c4d'],
    ['250 OK queued as <abc@host>', 'abc@host'],
  ])('is read from %s', (reply, id) => {
    expect(providerMessageIdOf(reply)).toBe(id);
  });

  it('is unknown when the reply names none', () => {
    expect(providerMessageIdOf('250 OK: message accepted')).toBeNull();
  });
});

describe('a failed send', () => {
  const failure = (fields: { responseCode?: number; code?: string }) =>
    Object.assign(new Error('Mail command failed'), fields);

  it.each([
    ['421 to MAIL FROM (server shutting down)', { responseCode: 421, code: 'EENVELOPE' }],
    ['451 after DATA', { responseCode: 451, code: 'EMESSAGE' }],
    ['a dropped connection', { code: 'ECONNECTION' }],
  ])('is tried again after %s', (_case, fields) => {
    expect(isRetriable(translateSmtpError(failure(fields)))).toBe(true);
  });

  it.each([
    ['550 to RCPT TO', { responseCode: 550, code: 'EENVELOPE' }],
    ['no acceptable recipient (no reply code)', { code: 'EENVELOPE' }],
    ['554 after DATA', { responseCode: 554, code: 'EMESSAGE' }],
  ])('is refused for good after %s', (_case, fields) => {
    expect(isRetriable(translateSmtpError(failure(fields)))).toBe(false);
  });
});
