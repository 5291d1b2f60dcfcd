import { Writable } from 'node:stream';
import { createLogger } from './logger.factory';
import { runServiceProcess, type ProcessPort, type RunningService } from './service-process';

/** A fake process: signals are fired by the test, exits and timers are recorded. */
function fakeProcess() {
  const listeners = new Map<string, () => void>();
  const timers: { ms: number; callback: () => void }[] = [];
  const exits: number[] = [];
  let stderr = '';
  const port: ProcessPort = {
    onSignal: (signal, listener) => listeners.set(signal, listener),
    writeStderr: (text) => {
      stderr += text;
    },
    exit: (code) => exits.push(code),
    setTimer: (ms, callback) => timers.push({ ms, callback }),
  };
  return { port, listeners, timers, exits, stderr: () => stderr };
}

const quietLogger = createLogger({
  service: 'test',
  level: 'silent',
  destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
});

function service(close: () => Promise<void>): RunningService {
  return { logger: quietLogger, close };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('runServiceProcess', () => {
  it('exits 1 with the configuration message when the config is bad, without starting', async () => {
    const fake = fakeProcess();
    const start = vi.fn();
    await runServiceProcess(
      {
        name: 'ingest',
        loadConfig: () => {
          throw new Error('ingest: invalid configuration (1 variable):\n  PORT: expected a port');
        },
        start,
        shutdownTimeoutMs: () => 1000,
      },
      fake.port,
    );
    expect(fake.exits).toEqual([1]);
    expect(fake.stderr()).toBe('ingest: invalid configuration (1 variable):\n  PORT: expected a port\n');
    expect(start).not.toHaveBeenCalled();
  });

  it('exits 1 when starting fails', async () => {
    const fake = fakeProcess();
    await runServiceProcess(
      { name: 'notifier', loadConfig: () => ({}), start: () => Promise.reject(new Error('broker down')), shutdownTimeoutMs: () => 1 },
      fake.port,
    );
    expect(fake.exits).toEqual([1]);
    expect(fake.stderr()).toMatch(/^notifier: failed to start: Error: broker down/);
  });

  it('closes on SIGTERM and exits 0, with a shutdown deadline armed', async () => {
    const fake = fakeProcess();
    const close = vi.fn(() => Promise.resolve());
    const running = runServiceProcess(
      { name: 'evaluator', loadConfig: () => ({ timeout: 7000 }), start: async () => service(close), shutdownTimeoutMs: (c) => c.timeout },
      fake.port,
    );
    await flush();
    expect(close).not.toHaveBeenCalled();
    fake.listeners.get('SIGTERM')?.();
    await running;
    expect(close).toHaveBeenCalledTimes(1);
    expect(fake.exits).toEqual([0]);
    expect(fake.timers.map((timer) => timer.ms)).toEqual([7000]);
  });

  it('acts on a signal that came while starting, once started', async () => {
    const fake = fakeProcess();
    const close = vi.fn(() => Promise.resolve());
    let finishStart: (value: RunningService) => void = () => undefined;
    const running = runServiceProcess(
      {
        name: 'evaluator',
        loadConfig: () => ({}),
        start: () => new Promise<RunningService>((resolve) => (finishStart = resolve)),
        shutdownTimeoutMs: () => 1000,
      },
      fake.port,
    );
    fake.listeners.get('SIGINT')?.();
    await flush();
    finishStart(service(close));
    await running;
    expect(close).toHaveBeenCalledTimes(1);
    expect(fake.exits).toEqual([0]);
  });

  it('exits 1 when closing fails or the deadline passes', async () => {
    const fake = fakeProcess();
    const running = runServiceProcess(
      {
        name: 'ingest',
        loadConfig: () => ({}),
        start: async () => service(() => Promise.reject(new Error('stuck'))),
        shutdownTimeoutMs: () => 1000,
      },
      fake.port,
    );
    await flush();
    fake.listeners.get('SIGTERM')?.();
    await running;
    expect(fake.exits).toEqual([1]);
    fake.timers[0]?.callback();
    expect(fake.exits).toEqual([1, 1]);
  });
});
