import type { HandlerInstruction } from '@vigil/core';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { SEED_CRITICAL_JSON } from '../conformance/seed-events';
import { HandlerOptionError } from '../handler-options';
import { buildHandler } from '../handler-registry';

const post = (args: HandlerInstruction['args'], options: HandlerInstruction['options'] = []): HandlerInstruction => ({ kind: 'post', args, options });

describeHttpHandlerConformance({
  kind: 'post (script URL)',
  build: (baseUrl, timeoutMs) => buildHandler(post([`${baseUrl}/alerts`], [{ name: 'header', args: ['X-Team', 'ops'] }]), { timeoutMs }),
  expectedPath: '/alerts',
  expectedBody: SEED_CRITICAL_JSON + '\n',
  expectedHeaders: { 'content-type': 'application/json', 'x-team': 'ops' },
  secrets: [],
});

describeHttpHandlerConformance({
  kind: 'post (named endpoint with basic auth)',
  build: (baseUrl, timeoutMs) =>
    buildHandler(post([], [{ name: 'endpoint', args: ['broker'] }, { name: 'captureResponse', args: [] }, { name: 'timeout', args: [timeoutMs * 1e6] }]), {
      post: {
        endpoints: {
          broker: { url: `${baseUrl}/hook`, headers: { 'X-Api-Key': 'key-0123456789' }, basicAuth: { username: 'vigil', password: 'pa55-w0rd-secret' } },
        },
      },
    }),
  expectedPath: '/hook',
  expectedBody: SEED_CRITICAL_JSON + '\n',
  expectedHeaders: {
    'content-type': 'application/json',
    'x-api-key': 'key-0123456789',
    authorization: 'Basic ' + Buffer.from('vigil:pa55-w0rd-secret').toString('base64'),
  },
  secrets: ['pa55-w0rd-secret', 'key-0123456789', Buffer.from('vigil:pa55-w0rd-secret').toString('base64')],
});

describe('post handler options', () => {
  it('names the missing endpoint and where to configure it', () => {
    expect(() => buildHandler(post([], [{ name: 'endpoint', args: ['nope'] }]), {})).toThrow(/endpoint "nope".*post\.endpoints/);
  });

  it('refuses the Authenticate header as Kapacitor does', () => {
    expect(() => buildHandler(post(['http://x/'], [{ name: 'header', args: ['Authenticate', 'x'] }]), {})).toThrow(HandlerOptionError);
  });

  it('refuses unknown properties, listing the known ones', () => {
    expect(() => buildHandler(post(['http://x/'], [{ name: 'heder', args: ['a', 'b'] }]), {})).toThrow(/\.heder\(\).*\.header\(\)/);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => buildHandler(post(['ftp://x/']), {})).toThrow(/http/);
  });
});
