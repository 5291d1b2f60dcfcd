import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HANDLER_SPECS, type HandlerConfig } from '@vigil/alert-handlers';
import { loadServerIds } from '../../storage/ids/server-ids';
import { configSections } from './config-view';
import { tarGz } from '@vigil/kapacitor-api';

const SECRETS = ['hunter2-token', 'pd-routing-secret', 'smtp-password', 'og-api-key', 'basic-pass', 'webhook-path-secret', 'query-token', 'header-secret', 'user-pass'];
const HANDLERS: HandlerConfig = {
  post: { endpoints: { ops: { url: 'https://user:user-pass@hooks.example.com/in?token=query-token', headers: { Authorization: 'header-secret' }, basicAuth: { username: 'u', password: 'basic-pass' } } }, allowedOrigins: ['https://hooks.example.com'] },
  slack: { default: { url: 'https://hooks.slack.com/services/webhook-path-secret', channel: '#ops' } },
  telegram: { token: 'hunter2-token', chatId: '42' },
  pagerDuty2: { routingKey: 'pd-routing-secret' },
  opsGenie2: { apiKey: 'og-api-key' },
  email: { host: 'smtp.example.com', password: 'smtp-password', from: 'vigil@example.com' },
};
const SETTINGS = { host: '127.0.0.1', port: 9100, dataDir: '/var/lib/vigil', https: false, authentication: true };

describe('runbook routes', () => {
  it('shows the configuration in Kapacitor sections without any secret, marking each as set or not', () => {
    const sections = configSections(SETTINGS, HANDLERS);
    const text = JSON.stringify(sections);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(Object.keys(sections.sections)).toEqual(['http', 'storage', 'httppost', 'slack', 'telegram', 'pagerduty2', 'opsgenie2', 'smtp']);
    expect(sections.sections['httppost']?.elements[0]).toEqual({
      link: { rel: 'self', href: '/kapacitor/v1/config/httppost/ops' },
      options: { endpoint: 'ops', url: 'https://hooks.example.com/in?[redacted]', headers: true, 'basic-auth': true, 'alert-template': false },
      redacted: ['headers', 'basic-auth'],
    });
    expect(sections.sections['telegram']?.elements[0]?.options).toMatchObject({ token: true, 'chat-id': '42' });
    expect(sections.sections['smtp']?.elements[0]?.redacted).toEqual(['password']);
  });

  it('shows a section for every declared handler with a configuration, its secrets only as set or not', () => {
    // Typed so that a configuration field added to HandlerConfig must be filled in here too.
    const every: { readonly [K in Exclude<keyof HandlerConfig, 'timeoutMs' | 'kafkaProducer'>]-?: NonNullable<HandlerConfig[K]> } = {
      ...(HANDLERS as Required<Pick<HandlerConfig, 'post' | 'slack' | 'telegram' | 'pagerDuty2' | 'opsGenie2' | 'email'>>),
      alerta: { url: 'https://alerta.example.com', token: 'alerta-secret' },
      alertmanager: { url: 'https://am.example.com', basicAuth: { username: 'u', password: 'am-secret' } },
      exec: { allow: [{ program: '/bin/true' }] },
      tcp: { allow: ['127.0.0.1:*'] },
      sideload: { allow: ['/srv/sideload'] },
      log: { allow: ['/var/log/vigil'] },
      teams: { channelUrl: 'https://teams.example.com/webhook/teams-secret' },
      discord: { default: { url: 'https://discord.com/api/webhooks/discord-secret' }, workspaces: { ops: { url: 'https://discord.com/api/webhooks/discord-ops-secret', username: 'vigil' } } },
      victorOps: { apiKey: 'vo-secret', routingKey: 'ops' },
      pushover: { token: 'pushover-secret', userKey: 'pushover-user-secret' },
      kafka: { clusters: { default: { brokers: ['127.0.0.1:9092'] } } },
      opsGenie: { apiKey: 'og1-secret' },
      pagerDuty: { serviceKey: 'pd1-secret' },
      bigPanda: { token: 'bp-secret', appKey: 'app' },
      serviceNow: { url: 'https://sn.example.com/api/global/em/jsonv2', username: 'u', password: 'sn-secret' },
      sensu: { addr: '127.0.0.1:3030' },
      mqtt: { brokers: { local: { url: 'mqtt://mq-user:mqtt-url-secret@127.0.0.1:1883', username: 'vigil', password: 'mqtt-secret' } } },
      snmpTrap: { addr: '127.0.0.1:162', community: 'snmp-community-secret' },
    };
    for (const spec of HANDLER_SPECS) expect(Object.keys(every)).toContain(spec.kind);
    const sections = configSections(SETTINGS, every);
    const text = JSON.stringify(sections);
    for (const secret of [...SECRETS, 'alerta-secret', 'am-secret', 'teams-secret', 'discord-secret', 'discord-ops-secret', 'vo-secret', 'pushover-secret', 'pushover-user-secret', 'og1-secret', 'pd1-secret', 'bp-secret', 'sn-secret', 'mqtt-secret', 'mqtt-url-secret', 'snmp-community-secret']) expect(text).not.toContain(secret);
    expect(Object.keys(sections.sections)).toEqual(['http', 'storage', 'httppost', 'slack', 'telegram', 'pagerduty2', 'opsgenie2', 'smtp', 'alerta', 'alertmanager', 'exec', 'tcp', 'sideload', 'log', 'teams', 'discord', 'victorops', 'pushover', 'kafka', 'opsgenie', 'pagerduty', 'bigpanda', 'servicenow', 'sensu', 'mqtt', 'snmptrap']);
    expect(sections.sections['teams']?.elements[0]).toMatchObject({ options: { 'channel-url': true }, redacted: ['channel-url'] });
    expect(sections.sections['discord']?.elements.map((element) => [element.link.href, element.options['url'], element.redacted])).toEqual([
      ['/kapacitor/v1/config/discord/', true, ['url']],
      ['/kapacitor/v1/config/discord/ops', true, ['url']],
    ]);
    expect(sections.sections['victorops']?.elements[0]).toMatchObject({ options: { 'api-key': true, 'routing-key': 'ops' }, redacted: ['api-key'] });
    expect(sections.sections['pushover']?.elements[0]).toMatchObject({ options: { token: true, 'user-key': true }, redacted: ['token', 'user-key'] });
    expect(sections.sections['kafka']?.elements[0]?.options).toEqual({ id: 'default', brokers: ['127.0.0.1:9092'] });
    expect(sections.sections['opsgenie']?.elements[0]?.redacted).toEqual(['api-key']);
    expect(sections.sections['pagerduty']?.elements[0]?.redacted).toEqual(['service-key']);
    expect(sections.sections['bigpanda']?.elements[0]).toMatchObject({ options: { token: true, 'app-key': 'app' }, redacted: ['token'] });
    expect(sections.sections['servicenow']?.elements[0]).toMatchObject({ options: { password: true, username: 'u' }, redacted: ['password'] });
    expect(sections.sections['sensu']?.elements[0]?.options).toEqual({ addr: '127.0.0.1:3030', source: '', handlers: [] });
    expect(sections.sections['mqtt']?.elements[0]).toMatchObject({ options: { name: 'local', default: true, url: 'mqtt://127.0.0.1:1883', username: 'vigil', password: true }, redacted: ['password'] });
    expect(sections.sections['snmptrap']?.elements[0]).toMatchObject({ options: { addr: '127.0.0.1:162', community: true, retries: 1 }, redacted: ['community'] });
  });

  it('writes a tarball the system tar reads back', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-tar-'));
    const archive = join(folder, 'backup.tar.gz');
    const script = 'dbrp "a"."b"\nstream|from()\n'.repeat(40);
    writeFileSync(archive, await tarGz([{ path: 'tasks/cpu.tick', bytes: Buffer.from(script) }, { path: 'cluster.id', bytes: Buffer.from('x') }], 1_700_000_000));
    expect(execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' })).toBe('tasks/cpu.tick\ncluster.id\n');
    execFileSync('tar', ['-xzf', archive, '-C', folder]);
    expect(readFileSync(join(folder, 'tasks/cpu.tick'), 'utf8')).toBe(script);
  });

  it('makes the ids of a data folder once and keeps them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-ids-'));
    const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    const first = await loadServerIds(folder, () => ids.shift() ?? 'none');
    expect(first).toEqual({ clusterId: '11111111-1111-4111-8111-111111111111', serverId: '22222222-2222-4222-8222-222222222222' });
    expect(await loadServerIds(folder, () => 'never')).toEqual(first);
    writeFileSync(join(folder, 'server.id'), 'garbage');
    await expect(loadServerIds(folder)).rejects.toThrow(`${join(folder, 'server.id')}: expected a UUID`);
  });
});
