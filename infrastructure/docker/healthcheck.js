// The images' HEALTHCHECK: `node healthcheck.js <path> <port variable>` asks http://127.0.0.1:<port><path>
// and exits 0 on a 2xx answer, 1 otherwise. The slim Node images have no curl or wget, and reading the port
// from the variable the process itself listens on keeps the probe right when someone overrides the port.
'use strict';

const [path = '/health', portVariable = 'SERVICE_PORT'] = process.argv.slice(2);
const port = process.env[portVariable];

if (!port) {
  console.error(`healthcheck: ${portVariable} is not set`);
  process.exit(1);
}

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2500) }).then(
  (response) => {
    if (!response.ok) console.error(`healthcheck: ${path} answered ${response.status}`);
    process.exit(response.ok ? 0 : 1);
  },
  (error) => {
    console.error(`healthcheck: ${path} unreachable: ${error.message}`);
    process.exit(1);
  },
);
