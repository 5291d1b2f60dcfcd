import fc from 'fast-check';
import { backoffDelay, classifyHttpStatus, classifyNetworkError } from './retry-policy';

describe('classifyHttpStatus', () => {
  it('delivers every 2xx', () => {
    fc.assert(fc.property(fc.integer({ min: 200, max: 299 }), (s) => classifyHttpStatus(s).status === 'delivered'));
  });
  it('retries 429 and every 5xx', () => {
    expect(classifyHttpStatus(429)).toMatchObject({ status: 'failed', retryable: true });
    fc.assert(fc.property(fc.integer({ min: 500, max: 599 }), (s) => {
      const r = classifyHttpStatus(s);
      return r.status === 'failed' && r.retryable;
    }));
  });
  it('gives up on other 4xx and on 3xx', () => {
    for (const s of [300, 302, 400, 401, 403, 404, 409, 413, 422]) expect(classifyHttpStatus(s)).toMatchObject({ status: 'failed', retryable: false });
  });
  it('names the target and the status, nothing else', () => {
    expect(classifyHttpStatus(503, 'post endpoint "b"')).toEqual({ status: 'failed', retryable: true, reason: 'post endpoint "b" answered HTTP 503' });
  });
});

describe('classifyNetworkError', () => {
  it('is retryable and names the innermost code, not the address', () => {
    const error = new TypeError('fetch failed http://user:pw@h/', { cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:80'), { code: 'ECONNREFUSED' }) });
    expect(classifyNetworkError(error, 'x')).toEqual({ status: 'failed', retryable: true, reason: 'x unreachable: ECONNREFUSED' });
  });
});

describe('backoffDelay', () => {
  const options = { base: 100, max: 10_000, jitter: 0, random: () => 0.5 };
  it('doubles from the base up to the cap without jitter', () => {
    expect([1, 2, 3, 4, 8, 20, 2000].map((n) => backoffDelay(n, options))).toEqual([100, 200, 400, 800, 10_000, 10_000, 10_000]);
  });
  it('takes the jitter fraction off with the injected random source', () => {
    expect(backoffDelay(3, { ...options, jitter: 0.5, random: () => 0 })).toBe(400);
    expect(backoffDelay(3, { ...options, jitter: 0.5, random: () => 0.5 })).toBe(300);
    expect(backoffDelay(3, { ...options, jitter: 1, random: () => 0.75 })).toBe(100);
  });
  it('stays within [ (1 - jitter) * full, full ] for any attempt and random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (n, jitter, r) => {
        const full = Math.min(10_000, 100 * 2 ** (n - 1));
        const d = backoffDelay(n, { ...options, jitter, random: () => r });
        return d <= full && d >= Math.floor((1 - jitter) * full);
      }),
    );
  });
});
