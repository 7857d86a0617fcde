// Run by telemetry.unit.test.ts in a child process under tsx, the way services run (Jest's VM can
// neither load the OTLP exporter, which imports its HTTP agent dynamically, nor be patched by the
// instrumentations). Like a service's main, it has loaded Express before telemetry starts; it serves
// one traced request, exports the spans and exits.
import { trace } from '@opentelemetry/api';
import { createHttpApp } from '../http';
import { listen } from '../lifecycle';
import { createLogger } from '../logging';
import { createMetrics } from '../metrics';
import { startTelemetry } from './telemetry';

async function main(): Promise<void> {
  const telemetry = startTelemetry({ service: 'otlp-service' });
  if (!telemetry.enabled) throw new Error('telemetry is off although OTEL_EXPORTER_OTLP_ENDPOINT is set');
  trace.getTracer('probe').startSpan('exported-span').end();
  const app = createHttpApp({
    service: 'otlp-service',
    version: '0.0.0',
    logger: createLogger({ service: 'otlp-service', level: 'silent' }),
    metrics: createMetrics({ service: 'otlp-service' }),
    readiness: [],
    configure: (express) =>
      express.get('/probe/:id', (_req, res) => {
        res.json({ ok: true });
      }),
  });
  const server = await listen(app, 0, '127.0.0.1');
  const response = await fetch(`${server.url}/probe/42`);
  if (response.status !== 200) throw new Error(`probe answered ${response.status}`);
  await server.close();
  await telemetry.shutdown();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
