import { ConfigError } from '@kot/service-kit';
import { loadNotificationServiceConfig } from './config';
import {
  minimumLeaseMs,
  RECORD_RETRY,
  STATEMENT_ALLOWANCE_MS,
  worstCaseRecordMs,
  worstCaseSendMs,
} from './infrastructure/lease-budget';

const load = (env: Record<string, string> = {}) => loadNotificationServiceConfig(env);

function issuesOf(env: Record<string, string>): Record<string, string> {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return Object.fromEntries(error.issues.map((i) => [i.variable, i.message]));
    throw error;
  }
  return {};
}

describe('the dispatch lease against the slowest send', () => {
  it('by default covers three attempts of the 20 s send deadline plus recording, and is no longer', () => {
    const config = load();
    const send = 3 * 20_000 + 200 + 400;
    const record = 200 + 400 + 800 + 1_600 + 3_200 + 5_000 + (1 + RECORD_RETRY.retries) * STATEMENT_ALLOWANCE_MS;
    expect(worstCaseSendMs({ sendDeadlineMs: 20_000, sendRetries: 2 })).toBe(send);
    expect(worstCaseRecordMs()).toBe(record);
    expect(config.DISPATCH_LEASE_MS).toBe(STATEMENT_ALLOWANCE_MS + send + record);
    expect(config.DISPATCH_LEASE_MS).toBeLessThan(90_000);
  });

  it('follows the SMTP settings it is derived from, and counts every wave of a batch larger than the send concurrency', () => {
    const slower = load({ SMTP_SEND_DEADLINE_MS: '1m', SMTP_SEND_RETRIES: '4' });
    expect(slower.DISPATCH_LEASE_MS).toBe(minimumLeaseMs({ sendDeadlineMs: 60_000, sendRetries: 4, batchSize: 8 }));
    expect(slower.DISPATCH_LEASE_MS).toBeGreaterThan(5 * 60_000);
    const twoWaves = load({ DISPATCH_BATCH_SIZE: '16' }).DISPATCH_LEASE_MS - STATEMENT_ALLOWANCE_MS;
    expect(twoWaves).toBe(2 * (load().DISPATCH_LEASE_MS - STATEMENT_ALLOWANCE_MS));
  });

  it('refuses a lease shorter than that, naming the minimum', () => {
    const minimum = minimumLeaseMs({ sendDeadlineMs: 20_000, sendRetries: 2, batchSize: 8 });
    expect(issuesOf({ DISPATCH_LEASE_MS: String(minimum - 1) }).DISPATCH_LEASE_MS).toMatch(
      new RegExp(`at least ${minimum} ms`),
    );
    // The old default with timeouts someone raised: 3 attempts of 40 s cannot fit in 90 s.
    expect(issuesOf({ DISPATCH_LEASE_MS: '90s', SMTP_SEND_DEADLINE_MS: '40s' }).DISPATCH_LEASE_MS).toMatch(/at least/);
    expect(load({ DISPATCH_LEASE_MS: String(minimum) }).DISPATCH_LEASE_MS).toBe(minimum);
    expect(load({ DISPATCH_LEASE_MS: '10m' }).DISPATCH_LEASE_MS).toBe(600_000);
  });

  it('refuses the lease that fits one wave for a batch that needs two', () => {
    const oneWave = load().DISPATCH_LEASE_MS;
    expect(issuesOf({ DISPATCH_BATCH_SIZE: '9', DISPATCH_LEASE_MS: String(oneWave) }).DISPATCH_LEASE_MS).toMatch(
      /at least/,
    );
    expect(load({ DISPATCH_BATCH_SIZE: '9' }).DISPATCH_LEASE_MS).toBe(2 * oneWave - STATEMENT_ALLOWANCE_MS);
  });

  it('refuses a send deadline shorter than one SMTP timeout', () => {
    expect(issuesOf({ SMTP_TIMEOUT_MS: '30s', SMTP_SEND_DEADLINE_MS: '20s' }).SMTP_SEND_DEADLINE_MS).toMatch(
      /at least SMTP_TIMEOUT_MS/,
    );
  });
});
