import { providerMessageIdOf } from './smtp-sender';

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
