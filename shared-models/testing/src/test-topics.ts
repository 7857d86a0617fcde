import { STACK, testKafka } from './stack';

/** Test topics are `test.<run id>.<suite>.<random>.orders.events` (see createTestTopics). */
export const TEST_TOPIC_PREFIX = 'test.';

async function registry(path: string, method = 'GET'): Promise<unknown> {
  const response = await fetch(`${STACK.registryUrl}${path}`, { method, signal: AbortSignal.timeout(10_000) });
  return response.ok ? response.json() : null;
}

/** Deletes a subject the way the Confluent API wants it: soft delete, then permanent. */
async function deleteSubject(subject: string): Promise<void> {
  const encoded = encodeURIComponent(subject);
  await registry(`/subjects/${encoded}`, 'DELETE');
  await registry(`/subjects/${encoded}?permanent=true`, 'DELETE');
}

/**
 * Removes the topics and registry subjects whose names match, so repeated test runs do not pile up
 * hundreds of topics (slower broker start) and subjects (the registry lists at most 1,000).
 */
export async function deleteTestTopics(matches: (topic: string) => boolean): Promise<number> {
  const admin = testKafka('test-cleanup').admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(TEST_TOPIC_PREFIX) && matches(t));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    const subjects = ((await registry('/subjects')) as string[] | null) ?? [];
    // Subjects are `<topic>-<record fullname>`; Avro names contain no '-', so the last one splits them.
    for (const subject of subjects.filter(
      (s) => s.startsWith(TEST_TOPIC_PREFIX) && matches(s.slice(0, s.lastIndexOf('-'))),
    ))
      await deleteSubject(subject);
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}
