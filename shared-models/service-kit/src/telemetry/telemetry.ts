import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { loadTelemetryEnv, type TelemetryEnv } from './config';

export interface TelemetryOptions {
  service: string;
  version?: string;
  /** An exporter of your own (tests pass an InMemorySpanExporter); spans then go there, synchronously. */
  exporter?: SpanExporter;
  /** Patch http, Express and pg (default true); tests of messaging alone switch it off. */
  instrument?: boolean;
  /** Defaults to the process environment. */
  env?: TelemetryEnv;
}

export interface Telemetry {
  /** False when neither an exporter nor an OTLP endpoint was given: nothing is registered. */
  readonly enabled: boolean;
  forceFlush(): Promise<void>;
  /** Flushes, then unregisters every global so another provider may be registered. */
  shutdown(): Promise<void>;
}

const off: Telemetry = { enabled: false, forceFlush: async () => undefined, shutdown: async () => undefined };
let active: Telemetry | null = null;

function spanProcessor(options: TelemetryOptions, env: TelemetryEnv): SpanProcessor | null {
  if (options.exporter) return new SimpleSpanProcessor(options.exporter);
  if (env.disabled || !env.otlpEndpoint) return null;
  // The exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT/HEADERS itself; batching keeps the hot path cheap.
  return new BatchSpanProcessor(new OTLPTraceExporter());
}

function instrumentations(): Instrumentation[] {
  return [
    // Health checks and scrapes would drown the traces that matter.
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? ''),
      requireParentforOutgoingSpans: true,
    }),
    // Route handlers only: a span per helmet/json/correlation middleware says nothing useful.
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
    new PgInstrumentation({ requireParentSpan: true }),
  ];
}

/**
 * Patches happen when a module is required after the hooks are in place. By the time a service's main
 * calls this, its imports have already loaded http, express and pg, so require them once more: the
 * hooks then patch the shared module objects (prototypes), which every earlier importer also uses.
 */
function instrument(provider: NodeTracerProvider): () => void {
  const unpatch = registerInstrumentations({ tracerProvider: provider, instrumentations: instrumentations() });
  for (const name of ['http', 'https', 'express', 'pg']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(name);
    } catch {
      // pg is optional for a service without a database; nothing to patch then.
    }
  }
  return unpatch;
}

/**
 * OpenTelemetry tracing for one service process: a Node tracer provider with the W3C trace-context
 * propagator, HTTP/Express/pg instrumentation, and an OTLP exporter when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set (off otherwise). Call it before the service's app is created. A second call returns the
 * running instance, so a preload and `runService` may both call it.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (active) return active;
  const env = options.env ?? loadTelemetryEnv();
  const processor = spanProcessor(options, env);
  if (!processor) return off;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': env.serviceName ?? options.service,
      'service.version': options.version ?? '0.1.0',
    }),
    spanProcessors: [processor],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const unpatch = options.instrument === false ? () => undefined : instrument(provider);
  const telemetry: Telemetry = {
    enabled: true,
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      if (active === telemetry) active = null;
      unpatch();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  active = telemetry;
  return telemetry;
}
