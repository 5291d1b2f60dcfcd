import type { HandlerInstruction } from '@vigil/core';
import { describeHttpHandlerConformance } from '../conformance/http-handler.conformance';
import { FakeHttpServer } from '../conformance/fake-http-server';
import { seedCriticalEvent } from '../conformance/seed-events';
import { buildHandler } from '../handler-registry';
import { discordColor } from './discord.handler';

const discord = (options: HandlerInstruction['options']): HandlerInstruction => ({ kind: 'discord', args: [], options });
const WEBHOOK_PATH = '/api/webhooks/1234/secret-webhook-token';

describeHttpHandlerConformance({
  kind: 'discord',
  build: (baseUrl, timeoutMs) =>
    buildHandler(discord([{ name: 'workspace', args: ['ops'] }, { name: 'embedTitle', args: ['{{ .TaskName }}: {{ .Level }}'] }]), {
      timeoutMs,
      discord: { workspaces: { ops: { url: `${baseUrl}${WEBHOOK_PATH}`, username: 'kapacitor', timestamp: true } } },
    }),
  expectedPath: WEBHOOK_PATH,
  // Kapacitor's encoder: map keys sorted, the embed in struct order, RFC 3339 whole seconds, newline.
  expectedBody:
    '{"avatar_url":"","embeds":[{"color":16342867,"title":"provider_health: CRITICAL","description":"status_provedor_p1pa is CRITICAL","timestamp":"2023-05-21T23:51:10Z"}],' +
    '"username":"kapacitor"}\n',
  expectedHeaders: { 'content-type': 'application/json' },
  secrets: [WEBHOOK_PATH],
});

describe('discord handler', () => {
  it('colours by level like Kapacitor', () => {
    expect(['OK', 'INFO', 'WARNING', 'CRITICAL'].map((l) => discordColor(l as 'OK'))).toEqual([0x7a65f2, 0x7a65f2, 0xf48d38, 0xf95f53]);
  });

  it('takes script values first, then the workspace, and leaves timestamp and title empty by default', async () => {
    const server = await FakeHttpServer.start();
    try {
      const config = { discord: { default: { url: `${server.url}/x`, username: 'cfg', avatarUrl: 'https://example.com/a.png' } } };
      await buildHandler(discord([{ name: 'username', args: ['bot'] }, { name: 'avatarURL', args: [''] }]), config).send(seedCriticalEvent({ level: 'OK', message: 'a<b' }), { attempt: 1 });
      expect(server.requests.map((r) => r.body)).toEqual([
        '{"avatar_url":"https://example.com/a.png","embeds":[{"color":8021490,"title":"","description":"a\\u003cb","timestamp":""}],"username":"bot"}\n',
      ]);
    } finally {
      await server.close();
    }
  });

  it('says which workspace to configure, and refuses a title that does not parse', () => {
    expect(() => buildHandler(discord([{ name: 'workspace', args: ['dev'] }]), {})).toThrow(/discord\.workspaces\.dev/);
    expect(() => buildHandler(discord([{ name: 'embedTitle', args: ['{{ .ID '] }]), { discord: { default: { url: 'https://discord.example/x' } } })).toThrow(/embedTitle\(\) does not parse/);
  });

  it('fails without retry when the title template fails on an event', async () => {
    const handler = buildHandler(discord([{ name: 'embedTitle', args: ['{{ .ServerInfo.Hostname }}'] }]), { discord: { default: { url: 'http://127.0.0.1:1/x' } } });
    const result = await handler.send(seedCriticalEvent(), { attempt: 1 });
    expect(result).toMatchObject({ status: 'failed', retryable: false });
  });
});
