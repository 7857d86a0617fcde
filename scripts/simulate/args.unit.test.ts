import { parseArgs, UsageError } from './args';
import { main } from './main';

const parse = (...argv: string[]) => parseArgs(argv, 42, () => ['http://127.0.0.1:8081']);

describe('simulator arguments', () => {
  it('defaults to a gentle realistic run against the local system', () => {
    expect(parse()).toEqual({
      rate: 5,
      durationS: 30,
      mix: 'realistic',
      orderUrls: ['http://127.0.0.1:8081'],
      inventoryUrl: 'http://127.0.0.1:8082',
      settleTimeoutS: 120,
      seed: 42,
    });
  });

  it('reads the documented example, in both --flag value and --flag=value forms', () => {
    expect(parse('--rate', '20', '--duration', '60', '--mix', 'realistic')).toMatchObject({
      rate: 20,
      durationS: 60,
      mix: 'realistic',
    });
    expect(parse('--rate=0.5', '--mix=happy', '--seed=7', '--settle-timeout=10')).toMatchObject({
      rate: 0.5,
      mix: 'happy',
      seed: 7,
      settleTimeoutS: 10,
    });
    expect(parse('--order-url', 'http://localhost:9000/ignored/path')).toMatchObject({
      orderUrls: ['http://localhost:9000'],
    });
    expect(parse('--order-url', 'http://127.0.0.1:8081, http://127.0.0.1:8181')).toMatchObject({
      orderUrls: ['http://127.0.0.1:8081', 'http://127.0.0.1:8181'],
    });
  });

  it.each([
    [['--rate', 'fast'], '--rate must be a number, got "fast"'],
    [['--rate', '0'], '--rate must be between 0.1 and 200, got 0'],
    [['--rate', '-5'], '--rate must be between 0.1 and 200, got -5'],
    [['--duration', '7200'], '--duration must be between 1 and 3600, got 7200'],
    [['--seed', '1.5'], '--seed must be a whole number, got "1.5"'],
    [['--mix', 'chaos'], '--mix must be one of realistic, happy, got "chaos"'],
    [['--rate'], '--rate needs a value'],
    [['--rate', '--duration', '5'], '--rate needs a value'],
    [['--rate', '1', '--rate', '2'], '--rate given twice'],
    [['--burst', '3'], 'unknown argument "--burst"'],
    [['20'], 'unknown argument "20"'],
    [
      ['--order-url', 'http://shop.example.com'],
      '--order-url must point at this machine (127.0.0.1, localhost or [::1]), got "shop.example.com"',
    ],
    [
      ['--inventory-url', 'https://127.0.0.1:8082'],
      '--inventory-url must be an http:// URL, got "https://127.0.0.1:8082"',
    ],
    [['--order-url', 'not a url'], '--order-url must be a URL, got "not a url"'],
    [
      ['--order-url', 'http://127.0.0.1:8081,http://shop.example.com'],
      '--order-url must point at this machine (127.0.0.1, localhost or [::1]), got "shop.example.com"',
    ],
    [['--order-url', ','], '--order-url needs at least one URL'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parse(...argv)).toThrow(new UsageError(message));
  });

  it('main exits 2 with the reason and the usage on a bad flag, before touching any server', async () => {
    const written: string[] = [];
    const sink = {
      write: (text: string) => {
        written.push(text);
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    const result = await main(['--rate', 'lots'], { out: sink, err: sink });
    expect(result).toEqual({ code: 2 });
    expect(written.join('')).toMatch(/^simulate: --rate must be a number, got "lots"\nusage: npm run simulate/);
  });
});
