import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HandlerConfig } from '@vigil/alert-handlers';
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

  it('writes a tarball the system tar reads back', () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-tar-'));
    const archive = join(folder, 'backup.tar.gz');
    const script = 'dbrp "a"."b"\nstream|from()\n'.repeat(40);
    writeFileSync(archive, tarGz([{ path: 'tasks/cpu.tick', bytes: Buffer.from(script) }, { path: 'cluster.id', bytes: Buffer.from('x') }], 1_700_000_000));
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
