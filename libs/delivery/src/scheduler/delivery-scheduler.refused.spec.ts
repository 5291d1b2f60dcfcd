import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHandler, type HandlerConfig } from '@vigil/alert-handlers';
import type { HandlerInstruction } from '@vigil/core';
import { pendingEventOf } from '../pending-event';
import { ManualClock, RecordingDeadLetters, RecordingLedger, policy } from '../testing/delivery-fakes.test';
import { DeliveryScheduler } from './delivery-scheduler';

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The notifier is the hard guard against `.exec()`: whatever a task definition check let through,
 * an alert event read from the topic carries its own handler list. A refused instruction must end
 * as a dead letter at once (no retry, no crash) and its program must never start.
 */
describe('DeliveryScheduler with the real handler registry', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-refused-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const setup = (config: HandlerConfig) => {
    const ledger = new RecordingLedger();
    const deadLetters = new RecordingDeadLetters();
    const clock = new ManualClock();
    const scheduler = new DeliveryScheduler({ ledger, deadLetters, buildHandler: (i) => buildHandler(i, config), clock, random: () => 0.5, policy });
    return { ledger, deadLetters, clock, scheduler };
  };

  const eventFor = (handlers: HandlerInstruction[]) =>
    pendingEventOf({
      eventId: 'e1',
      task: 'rce',
      node: 'alert2',
      topic: '',
      category: '',
      handlers,
      alert: { id: 'cpu', message: 'cpu is CRITICAL', details: '', time: 1_700_000_000_000_000_000n, duration: 0n, level: 'CRITICAL', previousLevel: 'OK', recoverable: true, series: [] },
      json: '{"id":"cpu","message":"cpu is CRITICAL"}',
    });

  it('dead-letters an event naming a program outside exec.allow without running it or retrying', async () => {
    const pwned = join(dir, 'pwned');
    const allowedMark = join(dir, 'allowed');
    const { ledger, deadLetters, scheduler } = setup({ exec: { allow: [{ program: '/usr/bin/touch', args: [`${dir}/allowed`] }] } });
    await scheduler.submit(
      eventFor([
        { kind: 'exec', args: ['/usr/bin/touch', pwned], options: [] },
        { kind: 'exec', args: ['/bin/sh', '-c', `touch ${pwned}`], options: [] },
        { kind: 'exec', args: ['/usr/bin/touch', allowedMark], options: [] },
      ]),
    );
    expect(deadLetters.letters.map((l) => [l.target.key, l.retryable, l.attempts, l.reason])).toEqual([
      ['0:exec', false, 0, ".exec('/usr/bin/touch') with 1 argument(s) is not allowed: exec.allow lets it take 1 argument(s), each matching its pattern; add an entry whose \"args\" patterns match these arguments"],
      ['1:exec', false, 0, `.exec('/bin/sh') is not allowed: vigil runs only programs listed in the handler configuration; add {"program": "/bin/sh"} to exec.allow (with "args" patterns if it takes arguments)`],
    ]);
    expect(ledger.marks.map((m) => `${m.key}=${m.settlement}`).sort()).toEqual(['0:exec=dead', '1:exec=dead', '2:exec=delivered']);
    expect(await exists(pwned)).toBe(false);
    expect(await exists(allowedMark)).toBe(true);
  });

  it('dead-letters an event naming an address outside tcp.allow', async () => {
    const { deadLetters, scheduler } = setup({});
    await scheduler.submit(eventFor([{ kind: 'tcp', args: ['127.0.0.1:1'], options: [] }]));
    expect(deadLetters.letters.map((l) => [l.retryable, l.attempts, l.reason])).toEqual([
      [false, 0, `.tcp('127.0.0.1:1') is not allowed: vigil connects only to addresses listed in the handler configuration; add "127.0.0.1:1" to tcp.allow`],
    ]);
  });
});
