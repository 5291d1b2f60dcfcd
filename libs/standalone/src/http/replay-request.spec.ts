import { readReplayRequest, ReplayRequestError } from './replay-request';

describe('readReplayRequest', () => {
  it('reads the filters and the dry run from a JSON body, raw or parsed', () => {
    expect(readReplayRequest(Buffer.from('{"event":"e1","handler":"0:post","dryRun":true}'))).toEqual({ filter: { eventId: 'e1', handlerKey: '0:post' }, dryRun: true });
    expect(readReplayRequest({ handler: '1:slack' })).toEqual({ filter: { eventId: undefined, handlerKey: '1:slack' }, dryRun: false });
  });

  it('replays everything for an empty body', () => {
    expect(readReplayRequest(Buffer.from(''))).toEqual({ filter: { eventId: undefined, handlerKey: undefined }, dryRun: false });
    expect(readReplayRequest(undefined)).toEqual({ filter: { eventId: undefined, handlerKey: undefined }, dryRun: false });
  });

  it('refuses a body that is not an object of the known fields', () => {
    expect(() => readReplayRequest(Buffer.from('{'))).toThrow(ReplayRequestError);
    expect(() => readReplayRequest(Buffer.from('[]'))).toThrow('the body must be a JSON object');
    expect(() => readReplayRequest({ event: 7 })).toThrow('"event" must be a string');
    expect(() => readReplayRequest({ dryRun: 'yes' })).toThrow('"dryRun" must be true or false');
  });
});
