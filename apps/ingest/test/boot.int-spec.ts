import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeServiceBoot, exitWithin, integrationEnv, startApp } from '@vigil/testing';

describeServiceBoot({ app: 'ingest' });

describe('ingest access at boot', () => {
  it('refuses to listen on 0.0.0.0 without credentials unless INSECURE=true, naming the variables', async () => {
    const service = startApp('ingest', { ...integrationEnv(), HOST: '0.0.0.0', PORT: '18086' });
    expect(await exitWithin(service, 30_000)).toBe(1);
    expect(service.output()).toContain('ingest will not listen on 0.0.0.0 without credentials');
    expect(service.output()).toContain('AUTH_FILE or AUTH_TOKENS');
    expect(service.output()).toContain('INSECURE=true');
  });

  it('refuses a credentials file with a secret in clear, without printing the secret', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-ingest-auth-')), 'auth.json');
    writeFileSync(file, JSON.stringify({ credentials: [{ name: 'telegraf', token: 'plain-secret-token', permissions: ['write-points'] }] }));
    const service = startApp('ingest', { ...integrationEnv(), HOST: '127.0.0.1', PORT: '18087', AUTH_FILE: file });
    expect(await exitWithin(service, 30_000)).toBe(1);
    expect(service.output()).toContain('credentials.0 (telegraf): token: expected scrypt$N$r$p$salt$hash or sha256$salt$hash');
    expect(service.output()).not.toContain('plain-secret-token');
  });
});
