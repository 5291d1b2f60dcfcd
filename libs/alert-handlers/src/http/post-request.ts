import { type IncomingMessage, type OutgoingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { type ConnectionPool, sharedConnectionPool } from './connection-pool';

export interface PostRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Bounds the whole exchange: connecting, sending, waiting, and reading the answer's body. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Bytes of the answer's body to keep; the rest is read and dropped so the socket can be reused. */
  readonly keepBodyBytes: number;
}

export interface PostAnswer {
  readonly status: number;
  /** At most `keepBodyBytes` of the body, decoded as UTF-8. */
  readonly body: string;
}

/**
 * Past this many bytes of an answer's body the connection is closed rather than drained: reading
 * a receiver's megabytes of error page is not worth keeping one socket.
 */
export const MAX_DRAINED_BYTES = 1024 * 1024;

/**
 * The User-Agent fetch sent before vigil used node:http, kept so receivers and their logs see no
 * change. Kapacitor sends Go's default (`Go-http-client/1.1`), which would name a runtime vigil
 * does not run on; neither value is something a receiver should act on.
 */
export const USER_AGENT = 'node';

/**
 * One POST over a kept-alive connection. Resolves with any status (redirects are answers, not
 * followed, as with fetch's `redirect: 'manual'`); rejects with the socket's error (its `code`,
 * e.g. ECONNREFUSED or ENOTFOUND), a `TimeoutError` or an `AbortError`.
 */
export function postRequest(spec: PostRequest, pool: ConnectionPool = sharedConnectionPool): Promise<PostAnswer> {
  return new Promise<PostAnswer>((resolve, reject) => {
    const { signal } = spec;
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    let url: URL;
    try {
      url = new URL(spec.url);
    } catch {
      reject(codedError('ERR_INVALID_URL', 'invalid URL'));
      return;
    }
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') {
      reject(codedError('ERR_INVALID_PROTOCOL', 'not an http or https URL'));
      return;
    }
    // urlToHttpOptions turns URL userinfo into `auth`, which Node sends as basic auth unless an
    // Authorization header is given: what Go's client does with the same URL.
    const options = { ...urlToHttpOptions(url), method: 'POST', headers: requestHeaders(spec), agent: secure ? pool.https : pool.http };
    const request = secure ? httpsRequest(options) : httpRequest(options);

    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: Error): void => settle(() => reject(error));
    const onAbort = (): void => {
      const error = abortError();
      fail(error);
      request.destroy(error);
    };
    const timer = setTimeout(() => {
      const error = timeoutError(spec.timeoutMs);
      fail(error);
      request.destroy(error);
    }, spec.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    request.on('error', fail);
    request.on('response', (response) => readAnswer(response, spec.keepBodyBytes, (answer) => settle(() => resolve(answer)), fail));
    request.end(spec.body);
  });
}

/**
 * The handler's headers plus what fetch added that matters on the wire: an exact Content-Length
 * (never chunked encoding, which some receivers refuse) and a User-Agent unless the handler set
 * one. Fetch's browser headers (Accept, Accept-Language, Sec-Fetch-Mode, Accept-Encoding) are not
 * sent; Kapacitor's Go client sends none of them either.
 */
function requestHeaders(spec: PostRequest): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  let userAgent = false;
  for (const [name, value] of Object.entries(spec.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'transfer-encoding') continue;
    if (lower === 'user-agent') userAgent = true;
    headers[name] = value;
  }
  if (!userAgent) headers['User-Agent'] = USER_AGENT;
  headers['Content-Length'] = spec.body.length;
  return headers;
}

function readAnswer(response: IncomingMessage, keepBodyBytes: number, done: (answer: PostAnswer) => void, fail: (error: Error) => void): void {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let readBytes = 0;
  response.on('data', (chunk: Buffer) => {
    readBytes += chunk.length;
    if (keptBytes < keepBodyBytes) {
      const part = chunk.length <= keepBodyBytes - keptBytes ? chunk : chunk.subarray(0, keepBodyBytes - keptBytes);
      kept.push(part);
      keptBytes += part.length;
    }
    if (readBytes > MAX_DRAINED_BYTES) {
      // The status is known and the kept part read; the connection is given up, not the answer.
      response.destroy();
      done({ status: response.statusCode ?? 0, body: Buffer.concat(kept).toString('utf8') });
    }
  });
  response.on('end', () => done({ status: response.statusCode ?? 0, body: Buffer.concat(kept).toString('utf8') }));
  // A connection lost mid-body is an 'error' with code ECONNRESET.
  response.on('error', fail);
}

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Named like the DOMException of AbortSignal.timeout, which the retry policy reports as `timeout`. */
function timeoutError(timeoutMs: number): Error {
  return Object.assign(new Error(`no complete answer within ${timeoutMs} ms`), { name: 'TimeoutError' });
}

function abortError(): Error {
  return Object.assign(new Error('request cancelled'), { name: 'AbortError' });
}
