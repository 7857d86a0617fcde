// The service image built and run without Docker (none runs on these machines): scratch-build.ts runs
// service.Dockerfile's stages for one service in a scratch folder (npm ci, the Prisma clients, the bundle, the
// production-only install, the runtime stage's copies), then this test runs what the image runs, from the
// runtime stage's folder: the migration command the Kubernetes Job uses, the CMD against the native stack
// until /health/ready answers 200, the HEALTHCHECK command, and `docker stop`'s SIGTERM.
// The machine's Node stands in for the image's. The build is mostly the two `npm ci` (run side by side, as
// BuildKit would): about 1.5 minutes on an idle 2-core machine, 4 under load, hence the long timeout.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestTopics, eventually, freePort, stackEnv } from '@kot/testing';
import { ScratchBuild, type ScratchImage } from './scratch-build';

const REPO_ROOT = path.resolve(__dirname, '../..');
const SERVICE = 'analytics-service';
const ROLE = 'analytics_service';

let scratch: string;
let image: ScratchImage;

interface Finished {
  code: number | null;
  output: string;
}

/** Runs a command of the image (argv[0] `node` is this machine's Node) in the image's working directory. */
function runInImage(
  argv: string[],
  env: Record<string, string>,
): { child: ChildProcess; finished: Promise<Finished>; output: () => string } {
  const [command = '', ...args] = argv;
  const child = spawn(command === 'node' ? process.execPath : command, args, {
    cwd: image.hostPath(image.config.workdir),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...image.config.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const finished = new Promise<Finished>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  return { child, finished, output: () => output };
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'kot-image-'));
  image = await new ScratchBuild({
    dockerfile: path.join(REPO_ROOT, 'infrastructure/docker/service.Dockerfile'),
    context: REPO_ROOT,
    scratch,
    buildArgs: { SERVICE, SERVICE_PORT: '8085' },
  }).build();
}, 480_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it('applies migrations with `npx prisma migrate deploy` in the service folder of the image', async () => {
  const database = `${stackEnv(ROLE).DATABASE_URL}?schema=${ROLE}`;
  const { finished } = runInImage(['npx', '--no-install', 'prisma', 'migrate', 'deploy'], { DATABASE_URL: database });
  const { code, output } = await finished;
  // The test database is a clone of the migrated template: every migration is found and already applied.
  expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/No pending migrations to apply/) });
});

it("starts with the image's CMD, answers /health/ready with 200, passes its HEALTHCHECK and drains on SIGTERM", async () => {
  const port = String(await freePort());
  const { topic, deadLetterTopic } = await createTestTopics('image');
  const cmd = image.config.cmd ?? [];
  const service = runInImage(cmd, {
    ...stackEnv(ROLE),
    SERVICE_PORT: port,
    KAFKA_TOPIC: topic,
    KAFKA_DLQ_TOPIC: deadLetterTopic,
    KAFKA_GROUP_ID: `image-test-${randomUUID().slice(0, 8)}`,
    // The image runs with NODE_ENV=production, which refuses to start without a token of its own.
    ADMIN_TOKEN: 'image-test-admin-token',
  });
  try {
    const ready = () => fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status === 200);
    await eventually(ready, `${SERVICE} from the scratch image to be ready`, 90_000, 250).catch((error: Error) => {
      throw new Error(`${error.message}; its output:\n${service.output().slice(-2000)}`);
    });
    const [node = '', probe = '', ...probeArgs] = image.config.healthcheck?.command ?? [];
    const healthcheck = await runInImage([node, image.hostPath(probe), ...probeArgs], { SERVICE_PORT: port }).finished;
    expect(healthcheck.code).toBe(0);
  } finally {
    service.child.kill(image.config.stopSignal as NodeJS.Signals);
  }
  const stopped = await service.finished;
  expect({ code: stopped.code, tail: stopped.output.slice(-600) }).toEqual({ code: 0, tail: expect.any(String) });
}, 120_000);
