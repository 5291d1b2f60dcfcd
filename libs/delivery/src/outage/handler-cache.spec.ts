import { delivered, failed, HandlerOptionError, type DeliveryResult, type Handler } from '@vigil/alert-handlers';
import type { AlertEvent, HandlerInstruction } from '@vigil/core';
import { HandlerCache, targetIdOf } from './handler-cache';
import type { OutageLog } from './outage-watch';

const POST_A: HandlerInstruction = { kind: 'post', args: ['http://a/alerts'], options: [] };
const POST_B: HandlerInstruction = { kind: 'post', args: ['http://b/alerts'], options: [] };
const EVENT = {} as AlertEvent;

/** A handler answering from a script of results. */
class ScriptedHandler implements Handler {
  readonly kind = 'post';
  constructor(private readonly results: DeliveryResult[]) {}
  async send(): Promise<DeliveryResult> {
    const next = this.results.shift();
    if (!next) throw new Error('no scripted result left');
    return next;
  }
}

class RecordingLog implements OutageLog {
  readonly lines: string[] = [];
  outageStarted(handler: string, target: string, reason: string): void {
    this.lines.push(`start ${handler} ${target} ${reason}`);
  }
  outageEnded(handler: string, target: string, failedAttempts: number): void {
    this.lines.push(`end ${handler} ${target} ${failedAttempts}`);
  }
}

describe('HandlerCache', () => {
  it('builds one handler per distinct instruction and reuses it', () => {
    const built: HandlerInstruction[] = [];
    const cache = new HandlerCache((instruction) => {
      built.push(instruction);
      return new ScriptedHandler([]);
    }, new RecordingLog());
    const first = cache.factory(POST_A);
    expect(cache.factory({ kind: 'post', args: ['http://a/alerts'], options: [] })).toBe(first);
    expect(cache.factory(POST_B)).not.toBe(first);
    expect(built).toEqual([POST_A, POST_B]);
    expect(cache.size()).toBe(2);
  });

  it('does not cache a build error, so the scheduler sees it every time', () => {
    let calls = 0;
    const cache = new HandlerCache(() => {
      calls += 1;
      throw new HandlerOptionError('no endpoint');
    }, new RecordingLog());
    expect(() => cache.factory(POST_A)).toThrow(HandlerOptionError);
    expect(() => cache.factory(POST_A)).toThrow(HandlerOptionError);
    expect(calls).toBe(2);
  });

  it('logs an outage once when a target starts failing and once when it delivers again', async () => {
    const log = new RecordingLog();
    const cache = new HandlerCache(
      () => new ScriptedHandler([delivered, failed(true, 'HTTP 503'), failed(true, 'HTTP 503'), failed(false, 'HTTP 400'), delivered, delivered]),
      log,
    );
    const handler = cache.factory(POST_A);
    for (let i = 0; i < 6; i++) await handler.send(EVENT, { attempt: 1 });
    const target = targetIdOf(JSON.stringify(POST_A));
    expect(log.lines).toEqual([`start post ${target} HTTP 503`, `end post ${target} 2`]);
  });

  it('names a target by a hash, never by its arguments (which may hold secrets)', () => {
    const id = targetIdOf(JSON.stringify({ kind: 'slack', args: [], options: [{ name: 'url', args: ['https://hooks.slack.com/services/SECRET'] }] }));
    expect(id).toMatch(/^[0-9a-f]{12}$/);
  });
});
