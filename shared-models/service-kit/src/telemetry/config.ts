/**
 * Telemetry follows the standard OTEL_* variables, read here once. Tracing is off unless an OTLP
 * endpoint is configured, so a laptop or CI run never tries to reach a collector it does not have.
 * The OTLP exporter reads the rest (headers, timeouts, protocol details) from the same variables.
 */
export interface TelemetryEnv {
  /** Where spans go (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT); null = off. */
  otlpEndpoint: string | null;
  /** OTEL_SDK_DISABLED=true switches telemetry off even when an endpoint is set. */
  disabled: boolean;
  /** OTEL_SERVICE_NAME overrides the service's own name in the resource. */
  serviceName: string | null;
}

export function loadTelemetryEnv(env: NodeJS.ProcessEnv = process.env): TelemetryEnv {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || null;
  return {
    otlpEndpoint: endpoint,
    disabled: (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true',
    serviceName: env.OTEL_SERVICE_NAME?.trim() || null,
  };
}
