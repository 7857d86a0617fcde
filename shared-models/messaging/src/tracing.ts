import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';

/**
 * OpenTelemetry spans around Kafka work. Only `@opentelemetry/api` is used here: with no SDK
 * registered (tests, or telemetry off) every span is a non-recording one that still carries its
 * parent's trace context, so the `traceparent` header keeps flowing exactly as before.
 */
// Looked up per span, not once: a tracer cached at load time would keep pointing at a provider that
// tests (or a restart of telemetry) have since replaced.
const tracer = (): ReturnType<typeof trace.getTracer> => trace.getTracer('@kot/messaging');

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The span context a W3C traceparent names, or null when it is absent or malformed. */
export function parseTraceparent(traceparent: string | null | undefined): SpanContext | null {
  const match = TRACEPARENT.exec(traceparent ?? '');
  if (!match || match[1] === 'ff') return null;
  const [, , traceId, spanId, flags] = match as unknown as [string, string, string, string, string];
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return null;
  return { traceId, spanId, traceFlags: parseInt(flags, 16), isRemote: true };
}

export function formatTraceparent(spanContext: SpanContext): string {
  return `00-${spanContext.traceId}-${spanContext.spanId}-${(spanContext.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The traceparent a span stands for, or `fallback` when it has no valid context (no parent, no SDK). */
export function traceparentOf(span: Span, fallback: string | null): string | null {
  const spanContext = span.spanContext();
  return trace.isSpanContextValid(spanContext) ? formatTraceparent(spanContext) : fallback;
}

/** A context whose parent is the remote span a traceparent names (or the root context). */
export function contextFromTraceparent(traceparent: string | null | undefined, base: Context = ROOT_CONTEXT): Context {
  const spanContext = parseTraceparent(traceparent);
  return spanContext ? trace.setSpanContext(base, spanContext) : base;
}

/** The traceparent of the active span (e.g. the HTTP request or the event handler), or null. */
export function activeTraceparent(ctx: Context = context.active()): string | null {
  const spanContext = trace.getSpanContext(ctx);
  return spanContext && trace.isSpanContextValid(spanContext) ? formatTraceparent(spanContext) : null;
}

export interface SpanOptions {
  kind: SpanKind;
  parent: Context;
  attributes?: Attributes;
}

/** Runs `work` inside a new active span, recording an exception and error status when it throws. */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const span = tracer().startSpan(name, { kind: options.kind, attributes: options.attributes }, options.parent);
  try {
    return await context.with(trace.setSpan(options.parent, span), () => work(span));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

export function failSpan(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : new Error(String(error)));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** A PRODUCER span per message, parented by the traceparent its outbox row carries. */
export function startPublishSpan(
  eventType: string,
  traceparent: string | null | undefined,
  attributes: Attributes,
): Span {
  return tracer().startSpan(
    `publish ${eventType}`,
    { kind: SpanKind.PRODUCER, attributes },
    contextFromTraceparent(traceparent),
  );
}

export { SpanKind };
