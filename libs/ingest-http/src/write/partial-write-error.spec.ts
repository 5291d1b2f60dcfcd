import { parseLines } from '@vigil/line-protocol';
import { partialWriteError } from './partial-write-error';

describe('partialWriteError', () => {
  it('is undefined when every line parsed', () => {
    expect(partialWriteError(parseLines('m v=1 1\nm v=2 2'))).toBeUndefined();
  });

  it('wraps the bad lines in partial write ... dropped=0 when some were written', () => {
    const text = partialWriteError(parseLines('m v=1 1\nm v= 2\nm v=3 3\nnope'));
    expect(text).toMatch(/^partial write: unable to parse 'm v= 2': [^\n]+ \(line 2\)\nunable to parse 'nope': [^\n]+ \(line 4\) dropped=0$/);
  });

  it('lists the bad lines bare when nothing was written', () => {
    expect(partialWriteError(parseLines('nope'))).toMatch(/^unable to parse 'nope': .+ \(line 1\)$/);
  });
});
