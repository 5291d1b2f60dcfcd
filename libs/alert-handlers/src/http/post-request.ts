import { basicAuthHeader, urlCredentials } from './basic-auth';
import { AnswerReader } from './answer-reader';
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
 * e.g. ECONNREFUSED, ECONNRESET or ENOTFOUND), a `TimeoutError` or an `AbortError`.
 */
export function postRequest(spec: PostRequest, pool: ConnectionPool = sharedConnectionPool): Promise<PostAnswer> {
  const { signal } = spec;
  if (signal?.aborted) return Promise.reject(abortError());
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    return Promise.reject(codedError('ERR_INVALID_URL', 'invalid URL'));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return Promise.reject(codedError('ERR_INVALID_PROTOCOL', 'not an http or https URL'));

  return new Promise<PostAnswer>((resolve, reject) => {
    // One reader ends the exchange for either cause, and its reason says which.
    const onAbort = (): void => reader.cut(abortError());
    const timer = setTimeout(() => reader.cut(timeoutError(spec.timeoutMs)), spec.timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const reader = new AnswerReader(
      spec.keepBodyBytes,
      MAX_DRAINED_BYTES,
      (answer) => {
        done();
        resolve(answer);
      },
      (error) => {
        done();
        reject(error);
      },
      socketError,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      pool.dispatcher.dispatch(
        { origin: url.origin, path: url.pathname + url.search, method: 'POST', headers: requestHeaders(spec, url), body: spec.body },
        reader,
      );
    } catch (error) {
      // undici answers a request it refuses (e.g. a header it will not send) through the reader;
      // this is for one it throws at instead.
      reader.cut(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/**
 * The handler's headers plus what fetch added that matters on the wire: a User-Agent unless the
 * handler set one, and basic auth from the URL's userinfo unless it set an Authorization (what
 * Go's client does with the same URL). The body goes out with an exact Content-Length (undici
 * sets it for a Buffer; never chunked encoding, which some receivers refuse). Fetch's browser
 * headers (Accept, Accept-Language, Sec-Fetch-Mode, Accept-Encoding) are not sent; Kapacitor's Go
 * client sends none of them either.
 */
function requestHeaders(spec: PostRequest, url: URL): Record<string, string> {
  const headers: Record<string, string> = {};
  let userAgent = false;
  let authorization = false;
  for (const [name, value] of Object.entries(spec.headers)) {
    const lower = name.toLowerCase();
    if (CLIENT_MANAGED_HEADERS.has(lower)) continue;
    if (lower === 'user-agent') userAgent = true;
    if (lower === 'authorization') authorization = true;
    headers[name] = value;
  }
  if (!userAgent) headers['User-Agent'] = USER_AGENT;
  const credentials = authorization ? undefined : urlCredentials(url);
  if (credentials) headers['Authorization'] = basicAuthHeader(credentials.username, credentials.password);
  return headers;
}

/**
 * Headers the client sets from the body and the connection itself. A handler's or endpoint's
 * value for them is dropped rather than sent: undici refuses a request carrying Keep-Alive,
 * Upgrade or Expect, which would fail every attempt of the pair.
 */
const CLIENT_MANAGED_HEADERS = new Set(['content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'expect']);

/**
 * undici reports a connection that ended before the answer did as `UND_ERR_SOCKET` ("other side
 * closed"); it is named ECONNRESET, as node:http named it, so reasons and dead letters read the
 * same whichever client sent. Errors of the socket itself (ECONNREFUSED, ENOTFOUND, TLS) keep
 * their own code.
 */
function socketError(error: unknown): unknown {
  if (error instanceof Error && (error as Error & { code?: unknown }).code === 'UND_ERR_SOCKET') {
    return Object.assign(new Error('connection closed before the answer ended', { cause: error }), { code: 'ECONNRESET' });
  }
  return error;
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
