// Faults sharing one simulator's knobs: the union each PUT sends must keep every active fault's
// knobs (the harsher value on a clash), and a knob the simulator does not echo back must be caught,
// or a race fault would be reported as injected while nothing happened. The last part runs against
// the real carrier simulator on a free port.
import { loadCarrierConfig, silentLogger, startCarrierSimulator, type CarrierSimulator } from '@kot/simulators';
import { ignoredKnobs, mergeKnobs, SimulatorKnobs } from './knobs';
import type { IsolatedStack } from './stack';

describe('mergeKnobs', () => {
  it('keeps the knobs of every active fault', () => {
    expect(
      mergeKnobs([{ latencyMs: 5000 }, { skipRate: 0.3, reorderCallbacks: true }, { fractionalEstimate: true }]),
    ).toEqual({ latencyMs: 5000, skipRate: 0.3, reorderCallbacks: true, fractionalEstimate: true });
  });

  it('takes the later outage end, the longer delay and a flag either fault sets', () => {
    expect(
      mergeKnobs([
        { outageUntil: 2_000, latencyMs: 100, reorderCallbacks: false },
        { outageUntil: 1_000, latencyMs: 1500, reorderCallbacks: true },
      ]),
    ).toEqual({ outageUntil: 2_000, latencyMs: 1500, reorderCallbacks: true });
  });

  it('lets a real value win over an explicit null, and sends nothing when no fault is active', () => {
    expect(mergeKnobs([{ outageUntil: null }, { outageUntil: 5 }])).toEqual({ outageUntil: 5 });
    expect(mergeKnobs([])).toEqual({});
  });
});

describe('ignoredKnobs', () => {
  it('names the knobs the simulator’s answer leaves out', () => {
    const answer = { errorRate: 0, latencyMs: 5000, outageUntil: null, outageActive: false };
    expect(ignoredKnobs({ latencyMs: 5000, skipRate: 0.3, reorderCallbacks: true }, answer)).toEqual([
      'skipRate',
      'reorderCallbacks',
    ]);
    expect(ignoredKnobs({ outageUntil: null }, answer)).toEqual([]);
  });
});

describe('SimulatorKnobs against the carrier simulator', () => {
  let carrier: CarrierSimulator;
  let knobs: SimulatorKnobs;
  const current = async () => (await (await fetch(`${carrier.url}/admin/faults`)).json()) as Record<string, unknown>;

  beforeAll(async () => {
    carrier = await startCarrierSimulator(loadCarrierConfig({ CARRIER_PORT: '0', CARRIER_STEP_MS: '0' }), {
      log: silentLogger,
    });
    const stack = {
      dir: '',
      envFile: '',
      logDir: '',
      env: { CARRIER_SIMULATOR_PORT: String(carrier.port) },
    } as unknown as IsolatedStack;
    knobs = new SimulatorKnobs(stack);
  });
  afterAll(() => carrier.close());

  it('keeps an outage in force while another fault sets and clears a latency', async () => {
    const until = Date.now() + 60_000;
    await knobs.set('carrier-simulator', 'outage', { outageUntil: until });
    await knobs.set('carrier-simulator', 'slow', { latencyMs: 5 });
    expect(await current()).toMatchObject({ outageUntil: until, latencyMs: 5, outageActive: true });
    await knobs.set('carrier-simulator', 'slow', null);
    expect(await current()).toMatchObject({ outageUntil: until, latencyMs: 0 });
    await knobs.set('carrier-simulator', 'outage', null);
    expect(await current()).toMatchObject({ outageUntil: null, outageActive: false });
  });

  it('fails a fault whose knob the simulator ignores, and keeps it out of the next faults’ requests', async () => {
    await expect(knobs.set('carrier-simulator', 'odd', { noSuchKnob: true })).rejects.toThrow(
      'the simulator does not know noSuchKnob',
    );
    await expect(knobs.set('carrier-simulator', 'slow', { latencyMs: 7 })).resolves.toBeUndefined();
    expect(await current()).toMatchObject({ latencyMs: 7 });
    await knobs.set('carrier-simulator', 'slow', null);
  });
});

describe('SimulatorKnobs while a simulator is stopped on purpose', () => {
  it('records knobs set meanwhile and applies them when it is back', async () => {
    const carrier = await startCarrierSimulator(loadCarrierConfig({ CARRIER_PORT: '0', CARRIER_STEP_MS: '0' }), {
      log: silentLogger,
    });
    const port = carrier.port;
    await carrier.close();
    const stack = {
      dir: '',
      envFile: '',
      logDir: '',
      env: { CARRIER_SIMULATOR_PORT: String(port) },
    } as unknown as IsolatedStack;
    const knobs = new SimulatorKnobs(stack);
    knobs.pause('carrier-simulator');
    await expect(knobs.set('carrier-simulator', 'slow', { latencyMs: 9 })).resolves.toBeUndefined();
    const back = await startCarrierSimulator(loadCarrierConfig({ CARRIER_PORT: String(port), CARRIER_STEP_MS: '0' }), {
      log: silentLogger,
    });
    try {
      await knobs.resume('carrier-simulator');
      expect(await (await fetch(`${back.url}/admin/faults`)).json()).toMatchObject({ latencyMs: 9 });
    } finally {
      await back.close();
    }
  });
});
