// Operational endpoints (/health, /health/ready, /metrics), mounted before the service's
// routes so no API route can shadow them.
import { Router, type Request, type Response } from 'express';
import type { Metrics } from '../metrics/metrics';

// Readiness = "can this instance do useful work right now?". Each dependency check is bounded
// so one hung connection cannot hang the probe, which would leave the orchestrator guessing.
export interface CheckResult {
  ok: boolean;
  detail?: string;
}

export interface ReadinessCheck {
  name: string;
  /** Resolve (optionally with a CheckResult) when healthy; throw or resolve {ok:false} when not. */
  check: () => Promise<void | CheckResult>;
  timeoutMs?: number;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function runOne(check: ReadinessCheck, defaultTimeoutMs: number): Promise<CheckResult> {
  try {
    // Wrapping in an async call turns a synchronous throw into a rejection we can report.
    const result = await withTimeout((async () => check.check())(), check.timeoutMs ?? defaultTimeoutMs);
    return result ?? { ok: true };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

/** Run all checks concurrently; ready only if every one passes. */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  defaultTimeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map((c) => runOne(c, defaultTimeoutMs)));
  const report: ReadinessReport = { ready: true, checks: {} };
  checks.forEach((c, i) => {
    const result = results[i] ?? { ok: false, detail: 'no result' };
    report.checks[c.name] = result;
    if (!result.ok) report.ready = false;
  });
  return report;
}

export interface OpsRoutesOptions {
  service: string;
  version: string;
  metrics: Metrics;
  readiness: readonly ReadinessCheck[];
  readinessTimeoutMs?: number;
}

export function opsRoutes(options: OpsRoutesOptions): Router {
  const router = Router();

  // Liveness never touches dependencies: a database outage must not get every pod restarted.
  router.get('/health', (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store').json({
      status: 'ok',
      service: options.service,
      version: options.version,
      uptimeSeconds: Math.floor(process.uptime()),
    });
  });

  router.get('/health/ready', async (_req: Request, res: Response) => {
    const report = await runReadinessChecks(options.readiness, options.readinessTimeoutMs);
    res
      .status(report.ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: report.ready ? 'ready' : 'not_ready', service: options.service, checks: report.checks });
  });

  router.get('/metrics', async (_req: Request, res: Response) => {
    const { contentType, body } = await options.metrics.render();
    res.set('Content-Type', contentType).send(body);
  });

  return router;
}
