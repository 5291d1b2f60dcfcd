import type { HandlerInstruction } from '@vigil/core';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';
import { bigPandaBody, unescapeHtml } from './big-panda.handler';

const bp = (options: HandlerInstruction['options']): HandlerInstruction => ({ kind: 'bigPanda', args: [], options });
const TOKEN = 'bigpanda-secret-token';
const DETAILS = 'The past 2 requests for \\"nome_recurso\\": p1 and \\"nome_provedor\\": pa were considered to change to this level alert.';

describeHttpHandlerConformance({
  kind: 'bigPanda',
  build: (baseUrl, timeoutMs) => buildHandler(bp([{ name: 'primaryProperty', args: ['nome_recurso'] }]), { timeoutMs, bigPanda: { token: TOKEN, appKey: 'app-1', url: `${baseUrl}/data/v2/alerts` } }),
  expectedPath: '/data/v2/alerts',
  // Kapacitor's encoder: keys sorted, tags and fields (as %v text) of the point, Unix seconds, newline.
  expectedBody:
    `{"app_key":"app-1","check":"status_provedor_p1pa","consecutive_error":"2","description":"status_provedor_p1pa is CRITICAL","details":"${DETAILS}",` +
    '"latencia":"251","nome_provedor":"pa","nome_recurso":"p1","primary_property":"nome_recurso","status":"critical","sucesso":"0",' +
    '"task":"provider_health:performance_influx","timestamp":1684713070}\n',
  expectedHeaders: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
  secrets: [TOKEN],
});

describe('bigPanda handler', () => {
  const target = { appKey: 'a', primaryProperty: '', secondaryProperty: '' };

  it('leaves out details that are the default JSON once unescaped, and maps INFO and OK to ok', () => {
    const body = bigPandaBody(seedCriticalEvent({ level: 'INFO', details: '{&#34;id&#34;:1}' }), target);
    expect(body).not.toContain('"details"');
    expect(body).toContain('"status":"ok"');
  });

  it("unescapes html/template's escapes in details, as html.UnescapeString", () => {
    expect(unescapeHtml('cpu &lt; 10&#37; &amp; &#x41; &#39;x&#39; &copy;')).toBe("cpu < 10% & A 'x' &copy;");
    expect(bigPandaBody(seedCriticalEvent({ details: 'a &lt; b' }), target)).toContain('"details":"a \\u003c b"');
  });

  it('lets a tag overwrite a key of its own, as the Go map does', () => {
    const event = seedCriticalEvent();
    const row = event.series[0];
    const tagged = seedCriticalEvent({ series: row ? [{ ...row, tags: { ...row.tags, status: 'mine' } }] : [] });
    expect(bigPandaBody(tagged, target)).toContain('"status":"mine"');
  });

  it('asks for the token and an app key', () => {
    expect(() => buildHandler(bp([]), {})).toThrow(/bigPanda\.token/);
    expect(() => buildHandler(bp([]), { bigPanda: { token: 't' } })).toThrow(/appKey/);
  });
});
