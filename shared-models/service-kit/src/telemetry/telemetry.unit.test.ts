import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, loadTelemetryEnv, startTelemetry } from '.';

describe('loadTelemetryEnv', () => {
  it('is off with no OTLP endpoint, on with either the generic or the traces endpoint', () => {
    expect(loadTelemetryEnv({}).otlpEndpoint).toBeNull();
    expect(loadTelemetryEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).otlpEndpoint).toBe(
      'http://collector:4318',
    );
    expect(
      loadTelemetryEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/v1/traces',
      }).otlpEndpoint,
    ).toBe('http://b:4318/v1/traces');
    expect(loadTelemetryEnv({ OTEL_SDK_DISABLED: 'TRUE', OTEL_SERVICE_NAME: 'svc' })).toEqual({
      otlpEndpoint: null,
      disabled: true,
      serviceName: 'svc',
    });
  });
});

describe('startTelemetry', () => {
  it('registers nothing when no endpoint is configured', async () => {
    const telemetry = startTelemetry({ service: 'off-service', env: loadTelemetryEnv({}) });
    expect(telemetry.enabled).toBe(false);
    expect(trace.getTracer('t').startSpan('x').isRecording()).toBe(false);
    await telemetry.shutdown();
  });

  it('stays off when OTEL_SDK_DISABLED is true even with an endpoint', () => {
    const telemetry = startTelemetry({
      service: 'off-service',
      env: loadTelemetryEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_SDK_DISABLED: 'true' }),
    });
    expect(telemetry.enabled).toBe(false);
  });

  it('records spans with the service name into a given exporter, once per process, and unregisters on shutdown', async () => {
    const exporter = new InMemorySpanExporter();
    const telemetry = startTelemetry({
      service: 'unit-service',
      exporter,
      instrument: false,
      env: loadTelemetryEnv({}),
    });
    expect(startTelemetry({ service: 'other' })).toBe(telemetry);
    trace.getTracer('t').startSpan('work').end();
    await telemetry.forceFlush();
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('work');
    expect(span?.resource.attributes['service.name']).toBe('unit-service');
    await telemetry.shutdown();
    expect(trace.getTracer('t').startSpan('after').isRecording()).toBe(false);
  });
});

describe('startTelemetry with an OTLP endpoint (child process under tsx, as services run)', () => {
  it('exports spans (its own, HTTP and Express) over OTLP/HTTP to the collector OTEL_EXPORTER_OTLP_ENDPOINT names, tagged with the service name', async () => {
    const received: Array<{ path: string; body: string }> = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('latin1');
      });
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
      await new Promise<void>((resolve, reject) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', path.join(__dirname, 'otlp-probe.fixture.ts')],
          { env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }, timeout: 20_000 },
          (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()),
        );
      });
    } finally {
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
    expect(received.map((r) => r.path)).toEqual(['/v1/traces']);
    expect(received[0]?.body).toContain('exported-span');
    expect(received[0]?.body).toContain('otlp-service');
    // HTTP and Express instrumentation patched modules loaded before telemetry started.
    expect(received[0]?.body).toContain('GET /probe/:id');
    expect(received[0]?.body).toContain('@opentelemetry/instrumentation-express');
  }, 30_000);
});
