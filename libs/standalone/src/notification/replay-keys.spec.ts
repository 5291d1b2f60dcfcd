import { REPLAY_HEADER } from '@vigil/delivery';
import { replayKeysOf } from './replay-keys';

describe('replayKeysOf', () => {
  it('reads the handler keys of the replay header, and nothing from a record without one', () => {
    expect(replayKeysOf({ [REPLAY_HEADER]: '["0:post","2:slack"]' })).toEqual(['0:post', '2:slack']);
    expect(replayKeysOf({ 'vigil-event-id': 'e1' })).toBeUndefined();
  });

  it('refuses a header that is not a JSON array of strings', () => {
    expect(() => replayKeysOf({ [REPLAY_HEADER]: '[0]' })).toThrow(`${REPLAY_HEADER} is not an array of handler keys`);
    expect(() => replayKeysOf({ [REPLAY_HEADER]: 'post' })).toThrow();
  });
});
