import { gzipSync } from 'node:zlib';
import { BodyEncodingError, BodyTooLargeError, decodeBody } from './body-decoding';

describe('decodeBody', () => {
  it('inflates gzip and passes identity bodies through', async () => {
    expect((await decodeBody(gzipSync('m v=1'), 'gzip', 100)).toString()).toBe('m v=1');
    expect((await decodeBody(Buffer.from('x'), undefined, 100)).toString()).toBe('x');
    expect((await decodeBody(Buffer.from('y'), 'snappy', 100, ['snappy'])).toString()).toBe('y');
  });

  it('stops inflating at the limit', async () => {
    await expect(decodeBody(gzipSync(Buffer.alloc(10_000)), 'gzip', 1_000)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect((await decodeBody(gzipSync(Buffer.alloc(1_000)), 'gzip', 1_000)).length).toBe(1_000);
  });

  it('refuses broken gzip and unknown encodings', async () => {
    await expect(decodeBody(Buffer.from('not gzip'), 'gzip', 100)).rejects.toBeInstanceOf(BodyEncodingError);
    await expect(decodeBody(Buffer.from('x'), 'br', 100)).rejects.toBeInstanceOf(BodyEncodingError);
  });
});
