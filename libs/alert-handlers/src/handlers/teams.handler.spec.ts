import type { HandlerInstruction } from '@vigil/core';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler, checkHandlerAllowed } from '../handler-registry';
import { teamsBody, utf8Prefix } from './teams.handler';

const teams = (options: HandlerInstruction['options']): HandlerInstruction => ({ kind: 'teams', args: [], options });
const WEBHOOK_PATH = '/webhookb2/0000-secret@1111/IncomingWebhook/abcdef/2222';

describeHttpHandlerConformance({
  kind: 'teams',
  build: (baseUrl, timeoutMs) => buildHandler(teams([]), { timeoutMs, teams: { channelUrl: `${baseUrl}${WEBHOOK_PATH}` } }),
  expectedPath: WEBHOOK_PATH,
  // json.Marshal of Kapacitor's Card: struct order, summary (67 bytes here) plus "...", no newline.
  expectedBody:
    '{"@type":"MessageCard","@context":"http://schema.org/extensions","title":"CRITICAL: [status_provedor_p1pa]",' +
    '"text":"status_provedor_p1pa is CRITICAL","summary":"CRITICAL: [status_provedor_p1pa] - status_provedor_p1pa is CRITICAL...","themeColor":"CC4A31"}',
  expectedHeaders: { 'content-type': 'application/json' },
  secrets: [WEBHOOK_PATH],
});

describe('teams handler', () => {
  it('cuts the summary after 70 bytes, as Go slices a string', () => {
    const body = JSON.parse(teamsBody(seedCriticalEvent({ level: 'WARNING', message: 'x'.repeat(100) }))) as Record<string, string>;
    expect(body['summary']).toBe('WARNING: [status_provedor_p1pa] - ' + 'x'.repeat(70 - 34) + '...');
    expect(body['themeColor']).toBe('FFA533');
  });

  it('writes each byte of a character cut in two as \\ufffd, as Go does', () => {
    // 'CRITICAL: [status_provedor_p1pa] - ' is 35 bytes; 33 more ASCII bytes leave 2 for '€' (3 bytes).
    const body = teamsBody(seedCriticalEvent({ message: 'a'.repeat(33) + '€uro' }));
    expect(body).toContain(`"summary":"CRITICAL: [status_provedor_p1pa] - ${'a'.repeat(33)}\\ufffd\\ufffd..."`);
    expect(utf8Prefix('é', 1)).toBe('\ud800');
    expect(utf8Prefix('aé', 3)).toBe('aé');
  });

  it('names the anonymous topic when the alert id is empty, and colours OK green', () => {
    const body = JSON.parse(teamsBody(seedCriticalEvent({ id: '', level: 'OK', message: 'fine' }))) as Record<string, string>;
    expect(body['title']).toBe('OK: [main:provider_health:alert2]');
    expect(body['themeColor']).toBe('34CC25');
  });

  it('escapes the message as Go does (HTML-safe)', () => {
    expect(teamsBody(seedCriticalEvent({ message: 'a<b & c' }))).toContain('"text":"a\\u003cb \\u0026 c"');
  });

  it('asks for a channel URL, and takes the script one first', () => {
    expect(() => buildHandler(teams([]), {})).toThrow(/teams\.channelUrl/);
    expect(buildHandler(teams([{ name: 'channelURL', args: ['https://example.webhook.office.com/x'] }]), { teams: { channelUrl: 'https://other.example/y' } }).targetOrigin?.(seedCriticalEvent())).toBe(
      'https://example.webhook.office.com',
    );
  });

  it("limits a script's channel URL to post.allowedOrigins when that is set", () => {
    const config = { post: { allowedOrigins: ['https://example.webhook.office.com'] } };
    expect(() => checkHandlerAllowed(teams([{ name: 'channelURL', args: ['https://evil.example.org/x'] }]), config)).toThrow(/post\.allowedOrigins/);
    expect(() => checkHandlerAllowed(teams([{ name: 'channelURL', args: ['https://example.webhook.office.com/x'] }]), config)).not.toThrow();
  });
});
