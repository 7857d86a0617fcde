export type Json = Record<string, unknown>;

export interface HttpResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON call over real HTTP; the caller names the body shape it expects (T). Non-JSON bodies come back as text. */
export async function http<T = Json>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}
