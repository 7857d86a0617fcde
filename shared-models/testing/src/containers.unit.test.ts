import { chooseIntegrationStack, dockerEngineReachable } from './containers';
import { bringUpStack } from './integration-global-setup';

const engine = (reachable: boolean) => async () => reachable;

describe('which integration stack runs', () => {
  it('testcontainers when a container engine answers, the native stack when none does', async () => {
    await expect(chooseIntegrationStack(engine(true), undefined)).resolves.toBe('testcontainers');
    await expect(chooseIntegrationStack(engine(false), undefined)).resolves.toBe('native');
    await expect(chooseIntegrationStack(engine(false), '')).resolves.toBe('native');
  });

  it('KOT_INTEGRATION_STACK forces a path; forcing containers without an engine fails loudly', async () => {
    let asked = false;
    await expect(
      chooseIntegrationStack(async () => {
        asked = true;
        return true;
      }, 'native'),
    ).resolves.toBe('native');
    expect(asked).toBe(false);
    await expect(chooseIntegrationStack(engine(true), 'testcontainers')).resolves.toBe('testcontainers');
    await expect(chooseIntegrationStack(engine(false), 'testcontainers')).rejects.toThrow(
      'no container engine answers',
    );
    await expect(chooseIntegrationStack(engine(true), 'docker')).rejects.toThrow(
      'must be "native" or "testcontainers", got "docker"',
    );
  });

  it('runs only the chosen starter and logs which path ran', async () => {
    for (const reachable of [true, false]) {
      const ran: string[] = [];
      const logged: string[] = [];
      const stack = await bringUpStack(
        () => chooseIntegrationStack(engine(reachable), undefined),
        {
          native: () => {
            ran.push('native');
          },
          testcontainers: async () => {
            ran.push('testcontainers');
          },
        },
        (line) => logged.push(line),
      );
      expect(ran).toEqual([stack]);
      expect(logged).toEqual([`integration stack: ${reachable ? 'testcontainers' : 'native'}`]);
    }
  });
});

describe('detecting a container engine', () => {
  it('is true when the probe answers and false when it fails', async () => {
    await expect(dockerEngineReachable(1000, async () => ({}))).resolves.toBe(true);
    await expect(
      dockerEngineReachable(1000, async () => {
        throw new Error('Could not find a working container runtime strategy');
      }),
    ).resolves.toBe(false);
  });

  it('gives up on a probe that never answers instead of hanging the run', async () => {
    const started = Date.now();
    await expect(dockerEngineReachable(50, () => new Promise(() => undefined))).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
