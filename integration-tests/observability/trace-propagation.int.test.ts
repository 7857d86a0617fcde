import { randomBytes } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, startTelemetry, type ReadableSpan, type Telemetry } from '@kot/service-kit';
import { orderBody, request } from '../support/http';
import { startSystem, type System } from '../support/system';

// The services run in this process, so one in-memory exporter sees every service's spans; what links
// them is only what travels in the Kafka headers, exactly as between separate processes.
const exporter = new InMemorySpanExporter();
let telemetry: Telemetry;
let sys: System;

beforeAll(async () => {
  telemetry = startTelemetry({ service: 'kot-test', exporter, instrument: false });
  sys = await startSystem('trace');
});
afterAll(async () => {
  await sys?.stop();
  await telemetry?.shutdown();
});

const idOf = (span: ReadableSpan): string => span.spanContext().spanId;
const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

function only(spans: ReadableSpan[], name: string, kind: SpanKind): ReadableSpan {
  const found = spans.filter((s) => s.name === name && s.kind === kind);
  expect(found.map((s) => s.name)).toEqual([name]);
  return found[0] as ReadableSpan;
}

function isDescendant(spans: ReadableSpan[], span: ReadableSpan, ancestor: ReadableSpan): boolean {
  const byId = new Map(spans.map((s) => [idOf(s), s]));
  for (let at: ReadableSpan | undefined = span; at; at = byId.get(parentOf(at) ?? '')) {
    if (parentOf(at) === idOf(ancestor)) return true;
  }
  return false;
}

describe('trace context across Kafka (OpenTelemetry spans, real Kafka)', () => {
  it("a reply consumed by the order service descends from the publish of its request, all in the caller's trace", async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const placed = await request('POST', `${sys.urls.order}/api/v1/orders`, orderBody(), {
      traceparent: `00-${traceId}-${callerSpanId}-01`,
    });
    expect(placed.status).toBe(201);
    const orderId: string = placed.body.orderId;
    await sys.tap.waitFor(orderId, 'PaymentAuthorized');
    await telemetry.forceFlush();

    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const publishRequest = only(spans, 'publish InventoryReservationRequested', SpanKind.PRODUCER);
    const processRequest = only(spans, 'process InventoryReservationRequested', SpanKind.CONSUMER);
    const publishReply = only(spans, 'publish InventoryReserved', SpanKind.PRODUCER);
    const processReply = only(spans, 'process InventoryReserved', SpanKind.CONSUMER);

    expect(parentOf(publishRequest)).toBe(callerSpanId);
    expect(parentOf(processRequest)).toBe(idOf(publishRequest));
    expect(parentOf(publishReply)).toBe(idOf(processRequest));
    expect(parentOf(processReply)).toBe(idOf(publishReply));
    expect(isDescendant(spans, processReply, publishRequest)).toBe(true);
    expect(processRequest.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': sys.topic,
      'kot.order_id': orderId,
    });
  });
});
