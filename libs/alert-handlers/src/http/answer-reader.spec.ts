import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { type Answer, AnswerReader } from './answer-reader';

/** A stand-in for undici's controller that only records aborts. */
function fakeController(): Dispatcher.DispatchController & { readonly aborts: Error[] } {
  const aborts: Error[] = [];
  return {
    aborts,
    aborted: false,
    paused: false,
    reason: null,
    abort: (reason: Error) => aborts.push(reason),
    pause: () => undefined,
    resume: () => undefined,
  };
}

function readerOf(keepBodyBytes: number, maxDrainedBytes = 1024): { reader: AnswerReader; answer: Promise<Answer> } {
  let reader!: AnswerReader;
  const answer = new Promise<Answer>((resolve, reject) => {
    reader = new AnswerReader(keepBodyBytes, maxDrainedBytes, resolve, reject, (error) => Object.assign(new Error('named'), { cause: error }));
  });
  return { reader, answer };
}

describe('AnswerReader', () => {
  it('answers with the status and the first keepBodyBytes of the body', async () => {
    const { reader, answer } = readerOf(5);
    const controller = fakeController();
    reader.onRequestStart(controller);
    reader.onResponseStart(controller, 503);
    reader.onResponseData(controller, Buffer.from('busy, '));
    reader.onResponseData(controller, Buffer.from('try later'));
    reader.onResponseEnd();
    await expect(answer).resolves.toEqual({ status: 503, body: 'busy,' });
    expect(controller.aborts).toEqual([]);
  });

  it('takes the answer and gives up the connection past maxDrainedBytes', async () => {
    const { reader, answer } = readerOf(0, 8);
    const controller = fakeController();
    reader.onRequestStart(controller);
    reader.onResponseStart(controller, 200);
    reader.onResponseData(controller, Buffer.alloc(9));
    await expect(answer).resolves.toEqual({ status: 200, body: '' });
    expect(controller.aborts).toHaveLength(1);
    // undici then reports the abort as an error of the exchange, which changes nothing.
    reader.onResponseError(controller, controller.aborts[0] as Error);
  });

  it('rejects a cut request still waiting for a connection at once, and aborts it once undici starts it', async () => {
    const { reader, answer } = readerOf(0);
    const reason = Object.assign(new Error('request cancelled'), { name: 'AbortError' });
    reader.cut(reason);
    await expect(answer).rejects.toBe(reason);
    const controller = fakeController();
    reader.onRequestStart(controller);
    expect(controller.aborts).toEqual([reason]);
  });

  it('rejects a cut exchange with the cut reason, not the error undici reports for it', async () => {
    const { reader, answer } = readerOf(0);
    const controller = fakeController();
    reader.onRequestStart(controller);
    const reason = Object.assign(new Error('no complete answer within 5 ms'), { name: 'TimeoutError' });
    reader.cut(reason);
    expect(controller.aborts).toEqual([reason]);
    reader.onResponseError(controller, new Error('aborted'));
    await expect(answer).rejects.toBe(reason);
  });

  it('names an error of the connection itself through socketError', async () => {
    const { reader, answer } = readerOf(0);
    const controller = fakeController();
    reader.onRequestStart(controller);
    reader.onResponseError(controller, new Error('other side closed'));
    await expect(answer).rejects.toThrow('named');
  });
});
