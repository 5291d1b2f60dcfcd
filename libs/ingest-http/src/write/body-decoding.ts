import { gunzip } from 'node:zlib';

/** The body, or its expansion, exceeds MAX_BODY_BYTES: answered with 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body too large (limit ${limit} bytes)`);
    this.name = 'BodyTooLargeError';
  }
}

/** The body claims an encoding that we cannot undo, or the gzip stream is broken: 400. */
export class BodyEncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyEncodingError';
  }
}

/**
 * Undoes `Content-Encoding: gzip`. zlib's `maxOutputLength` stops inflating as soon as the
 * output would pass the limit, so a small bomb never allocates more than `maxBytes`. Encodings in
 * `passThrough` are left for the endpoint's own parser (remote_write's snappy).
 */
export async function decodeBody(body: Buffer, contentEncoding: string | undefined, maxBytes: number, passThrough: readonly string[] = []): Promise<Buffer> {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity' || passThrough.includes(encoding)) return body;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') throw new BodyEncodingError(`unsupported Content-Encoding "${encoding}"`);
  return new Promise((resolve, reject) => {
    gunzip(body, { maxOutputLength: maxBytes }, (error, inflated) => {
      if (!error) return resolve(inflated);
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return reject(new BodyTooLargeError(maxBytes));
      reject(new BodyEncodingError(`invalid gzip body: ${error.message}`));
    });
  });
}
