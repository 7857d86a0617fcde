// Same-origin JSON calls. A problem+json answer becomes an ApiError carrying its status and detail.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `request failed (${status})`);
    this.status = status;
    this.problem = problem;
  }

  /** 502/503/504: another service (or the network) is down, not a mistake in the request. */
  get unavailable() {
    return this.status === 0 || this.status >= 502;
  }
}

export async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, {
      ...options,
      headers: {
        accept: 'application/json',
        ...(options.body ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
    });
  } catch {
    throw new ApiError(0, { detail: 'the order service cannot be reached' });
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** The field errors of a validation problem, as "field: message" lines. */
export function problemText(error) {
  const fields = error.problem?.errors;
  if (Array.isArray(fields) && fields.length > 0) return fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return error.message;
}
