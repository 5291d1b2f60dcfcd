import type { HandlerInstruction } from '@vigil/core';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { FakeHttpServer } from '../conformance/fake-http-server';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';
import { slackBody, slackColor } from './slack.handler';

const slack = (options: HandlerInstruction['options']): HandlerInstruction => ({ kind: 'slack', args: [], options });

describeHttpHandlerConformance({
  kind: 'slack',
  build: (baseUrl, timeoutMs) =>
    buildHandler(slack([{ name: 'workspace', args: ['ops'] }, { name: 'channel', args: ['#alerts'] }]), {
      timeoutMs,
      slack: { workspaces: { ops: { url: `${baseUrl}/services/T000/B000/XXXX`, token: 'xoxb-secret-token', iconEmoji: ':fire:' } } },
    }),
  expectedPath: '/services/T000/B000/XXXX',
  // Kapacitor's encoder output for this event: keys sorted, message as fallback and text.
  expectedBody:
    '{"attachments":[{"fallback":"status_provedor_p1pa is CRITICAL","color":"danger","text":"status_provedor_p1pa is CRITICAL","mrkdwn_in":["text"]}],' +
    '"channel":"#alerts","icon_emoji":":fire:","text":"","username":"kapacitor"}\n',
  expectedHeaders: { 'content-type': 'application/json', authorization: 'Bearer xoxb-secret-token' },
  secrets: ['xoxb-secret-token', '/services/T000/B000/XXXX'],
});

describe('slack handler', () => {
  it('colours by level like Kapacitor', () => {
    expect(['OK', 'INFO', 'WARNING', 'CRITICAL'].map((l) => slackColor(l as 'OK'))).toEqual(['good', 'good', 'warning', 'danger']);
  });

  it('escapes the message as Go does (HTML-safe)', () => {
    const body = slackBody(seedCriticalEvent({ message: 'a<b & "c"' }), { channel: '', username: 'u', iconEmoji: '' });
    expect(body).toContain('"fallback":"a\\u003cb \\u0026 \\"c\\""');
  });

  it('takes script values first, then the workspace config, then the defaults', async () => {
    const server = await FakeHttpServer.start();
    try {
      const config = { slack: { default: { url: `${server.url}/x`, channel: '#cfg', username: 'cfg-user' } } };
      await buildHandler(slack([{ name: 'username', args: ['bot'] }, { name: 'channel', args: [''] }]), config).send(seedCriticalEvent(), { attempt: 1 });
      await buildHandler(slack([]), { slack: { default: { url: `${server.url}/x` } } }).send(seedCriticalEvent(), { attempt: 1 });
      const bodies = server.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
      expect(bodies[0]).toMatchObject({ username: 'bot', channel: '#cfg' });
      expect(bodies[1]).toMatchObject({ username: 'kapacitor', channel: '' });
    } finally {
      await server.close();
    }
  });

  it('says which workspace to configure', () => {
    expect(() => buildHandler(slack([{ name: 'workspace', args: ['w2'] }]), {})).toThrow(/slack\.workspaces\.w2/);
    expect(() => buildHandler(slack([]), {})).toThrow(/slack\.default/);
  });
});
