export { startTelemetry } from './telemetry';
export type { Telemetry, TelemetryOptions } from './telemetry';
export { loadTelemetryEnv } from './config';
export type { TelemetryEnv } from './config';
// For tests that assert on spans without depending on the SDK packages themselves.
export { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
export type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
