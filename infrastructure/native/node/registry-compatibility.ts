// Sets the registry's global compatibility level through the Confluent-compatible API and
// reads it back. Usage: tsx registry-compatibility.ts <ccompat base url> <LEVEL>
//
// Why this is needed with Apicurio (checked against Apicurio Registry 3.3.3):
// - a fresh Apicurio reports `{"compatibilityLevel":"NONE"}` on GET /config, where Confluent
//   defaults to BACKWARD; PUT /config stores a global COMPATIBILITY rule (the same rule the
//   native API shows under /apis/registry/v3/admin/rules) and it survives restarts (SQL storage);
// - GET /config/{subject} answers NONE, not 404, for a subject without its own rule, although the
//   global rule is enforced for it; add ?defaultToGlobal=true to see the effective level.
const LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'];
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

async function call(method: 'GET' | 'PUT', url: string, body?: object): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method,
    headers: { accept: CONTENT_TYPE, 'content-type': CONTENT_TYPE },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const [baseUrl, level] = process.argv.slice(2);
  if (!baseUrl || !level || !LEVELS.includes(level)) {
    throw new Error(`usage: registry-compatibility.ts <ccompat base url> <${LEVELS.join('|')}>`);
  }
  const before = await call('GET', `${baseUrl}/config`);
  if (before.compatibilityLevel !== level) {
    await call('PUT', `${baseUrl}/config`, { compatibility: level });
  }
  const after = await call('GET', `${baseUrl}/config`);
  if (after.compatibilityLevel !== level) {
    throw new Error(`registry kept compatibility ${String(after.compatibilityLevel)} after PUT ${level}`);
  }
  const changed = before.compatibilityLevel === level ? 'unchanged' : `was ${String(before.compatibilityLevel)}`;
  console.log(`global compatibility ${level} (${changed})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
