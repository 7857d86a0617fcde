import {
  AppError,
  createBreaker,
  DependencyUnavailableError,
  NotFoundError,
  type Breaker,
  type Logger,
  type Metrics,
} from '@kot/service-kit';

/** A read-only JSON API of another service, called by the page's backend-for-frontend routes. */
export interface Upstream {
  readonly name: string;
  /** The parsed JSON body of a 2xx answer; a 404 becomes our NotFoundError, an outage a 503. */
  get(path: string, query?: Record<string, string>): Promise<unknown>;
  breakerState(): string;
  shutdown(): void;
}

export interface UpstreamOptions {
  name: string;
  baseUrl: string;
  timeoutMs: number;
  metrics: Metrics;
  logger: Logger;
}

interface Answer {
  status: number;
  body: unknown;
}

async function fetchJson(url: string, name: string, timeoutMs: number): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new DependencyUnavailableError(`${name} is unreachable`, { cause: error });
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status >= 500 || response.status === 429)
    throw new DependencyUnavailableError(`${name} answered ${response.status}`);
  return { status: response.status, body };
}

/** Any other refusal means our request and their API disagree: a gateway problem, not the caller's. */
function badGateway(name: string, status: number): AppError {
  return new AppError({
    code: 'UPSTREAM_REJECTED',
    status: 502,
    title: 'Bad gateway',
    detail: `${name} refused the request (${status})`,
  });
}

export function createUpstream({ name, baseUrl, timeoutMs, metrics, logger }: UpstreamOptions): Upstream {
  const breaker: Breaker<[string], Answer> = createBreaker(
    name,
    (url: string) => fetchJson(url, name, timeoutMs),
    {
      timeoutMs: timeoutMs + 500,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 5000,
      volumeThreshold: 5,
    },
    { metrics, logger },
  );

  return {
    name,
    async get(path, query = {}) {
      const url = new URL(path, baseUrl);
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
      const { status, body } = await breaker.fire(url.toString());
      if (status >= 200 && status < 300) return body;
      if (status === 404)
        throw new NotFoundError(`${name} has no record at ${url.pathname}`, { code: 'UPSTREAM_NOT_FOUND' });
      throw badGateway(name, status);
    },
    breakerState: () => breaker.state(),
    shutdown: () => breaker.shutdown(),
  };
}
