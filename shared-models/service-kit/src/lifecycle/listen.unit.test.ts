import { request as httpRequest, Agent } from 'node:http';
import express from 'express';
import { listen } from './listen';

function get(url: string, agent: Agent): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    })
      .on('error', reject)
      .end();
  });
}

describe('listen', () => {
  it('binds to an ephemeral port and reports its URL', async () => {
    const app = express().get('/', (_req, res) => void res.send('hi'));
    const server = await listen(app, 0, '127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(await (await fetch(server.url)).text()).toBe('hi');
    await server.close();
  });

  it('close() lets an in-flight request finish, closes idle keep-alive sockets and refuses new ones', async () => {
    let release: () => void = () => undefined;
    const app = express()
      .get('/slow', async (_req, res) => {
        await new Promise<void>((resolve) => (release = resolve));
        res.send('finished');
      })
      .get('/fast', (_req, res) => void res.send('fast'));
    const server = await listen(app, 0, '127.0.0.1');
    const agent = new Agent({ keepAlive: true });
    await get(`${server.url}/fast`, agent); // leaves an idle keep-alive connection behind

    const inFlight = get(`${server.url}/slow`, new Agent({ keepAlive: true }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false); // still waiting for /slow, not for the idle socket

    release();
    const response = await inFlight;
    expect(response).toMatchObject({ status: 200, body: 'finished', connection: 'close' });
    await closing;
    expect(closed).toBe(true);
    await expect(fetch(`${server.url}/fast`)).rejects.toThrow();
    agent.destroy();
  });

  it('close() destroys connections still busy after forceAfterMs', async () => {
    const app = express().get('/hang', () => undefined);
    const server = await listen(app, 0, '127.0.0.1');
    const hanging = get(`${server.url}/hang`, new Agent()).catch((err: Error) => err);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    await server.close(50);
    expect(Date.now() - started).toBeLessThan(1000);
    // The client sees its connection dropped (errors from node:http are not this realm's Error).
    expect(await hanging).toMatchObject({ message: 'socket hang up' });
  });
});
