import { ROOT_CONTEXT, SpanKind, context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, startTelemetry, loadTelemetryEnv, type Telemetry } from '@kot/service-kit';
import {
  activeTraceparent,
  contextFromTraceparent,
  inSpan,
  parseTraceparent,
  startPublishSpan,
  traceparentOf,
} from './tracing';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const incoming = `00-${TRACE}-${PARENT}-01`;

describe('traceparent parsing', () => {
  it('accepts W3C version 00 headers and refuses malformed or all-zero ids', () => {
    expect(parseTraceparent(incoming)).toEqual({ traceId: TRACE, spanId: PARENT, traceFlags: 1, isRemote: true });
    for (const bad of [
      null,
      '',
      'garbage',
      `ff-${TRACE}-${PARENT}-01`,
      `00-${'0'.repeat(32)}-${PARENT}-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
      `00-${TRACE.toUpperCase()}-${PARENT}-01`,
    ]) {
      expect(parseTraceparent(bad)).toBeNull();
    }
  });
});

describe('without an SDK (telemetry off)', () => {
  it('spans carry the incoming context, so the traceparent passes through unchanged', async () => {
    const seen = await inSpan(
      'process X',
      { kind: SpanKind.CONSUMER, parent: contextFromTraceparent(incoming) },
      async (span) => traceparentOf(span, 'fallback'),
    );
    expect(seen).toBe(incoming);
    expect(traceparentOf(startPublishSpan('X', null, {}), null)).toBeNull();
  });
});

describe('with an in-memory exporter', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;
  beforeAll(() => {
    telemetry = startTelemetry({ service: 'messaging-unit', exporter, instrument: false, env: loadTelemetryEnv({}) });
  });
  afterAll(async () => {
    await telemetry.shutdown();
  });

  it('a consumer span is a child of the remote parent; a publish inside it is its child; both in one trace', async () => {
    const publishedWith = await inSpan(
      'process OrderPlaced',
      { kind: SpanKind.CONSUMER, parent: contextFromTraceparent(incoming) },
      async (span) => {
        expect(activeTraceparent()).toBe(traceparentOf(span, null));
        const publish = startPublishSpan('InventoryReserved', traceparentOf(span, null), {
          'messaging.system': 'kafka',
        });
        publish.end();
        return traceparentOf(publish, null);
      },
    );
    const [publish, consume] = exporter.getFinishedSpans();
    expect(consume).toMatchObject({ name: 'process OrderPlaced', kind: SpanKind.CONSUMER });
    expect(consume?.parentSpanContext?.spanId).toBe(PARENT);
    expect(publish).toMatchObject({ name: 'publish InventoryReserved', kind: SpanKind.PRODUCER });
    expect(publish?.parentSpanContext?.spanId).toBe(consume?.spanContext().spanId);
    expect(new Set([publish?.spanContext().traceId, consume?.spanContext().traceId])).toEqual(new Set([TRACE]));
    expect(publishedWith).toBe(`00-${TRACE}-${publish?.spanContext().spanId}-01`);
  });

  it('a failing handler marks its span as an error and rethrows', async () => {
    exporter.reset();
    await expect(
      inSpan('process Bad', { kind: SpanKind.CONSUMER, parent: ROOT_CONTEXT }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toMatchObject({ code: 2, message: 'boom' });
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
    expect(trace.getSpan(context.active())).toBeUndefined();
  });
});
