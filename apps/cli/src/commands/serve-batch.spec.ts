import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, UsageError } from '../args/parse-args';
import { SERVE_BATCH_OPTIONS, serveBatchSources } from './serve-batch';

const sourcesOf = (argv: string[], env: NodeJS.ProcessEnv = {}) => serveBatchSources(parseArgs(argv, SERVE_BATCH_OPTIONS), env);

/** The Authorization header the InfluxDB client sends, by answering its query from a fake fetch. */
async function authorizationOf(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ url: string; authorization: string | undefined }> {
  const sources = sourcesOf(argv, env);
  const seen: { url: string; authorization: string | undefined }[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = (async (url: string, init: { headers: Record<string, string> }) => {
    seen.push({ url, authorization: init.headers['Authorization'] });
    return new Response('{"results":[{}]}', { status: 200 });
  }) as unknown as typeof fetch;
  try {
    await sources.influxdb?.query('', 'SELECT 1');
  } finally {
    globalThis.fetch = original;
  }
  return seen[0] ?? { url: '', authorization: undefined };
}

describe('serveBatchSources', () => {
  it('has no sources unless configured', () => {
    expect(sourcesOf([])).toEqual({ described: {} });
  });

  it('takes the flags or the VIGIL_* variables, a flag first; user and password from the URL or apart, never shown', async () => {
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    expect(await authorizationOf(['--influxdb', 'http://kap:pw%40x@db:8086'])).toEqual({ url: 'http://db:8086/query', authorization: basic('kap', 'pw@x') });
    expect(await authorizationOf([], { VIGIL_INFLUXDB_URL: 'http://db:8086', VIGIL_INFLUXDB_USERNAME: 'kap', VIGIL_INFLUXDB_PASSWORD: 'secret' })).toEqual({ url: 'http://db:8086/query', authorization: basic('kap', 'secret') });
    expect((await authorizationOf(['--influxdb', 'http://other:8086'], { VIGIL_INFLUXDB_URL: 'http://db:8086' })).url).toBe('http://other:8086/query');
    const sources = sourcesOf(['--influxdb', 'http://kap:secret@db:8086', '--prometheus', 'http://prom:9090']);
    expect(sources.described).toEqual({ influxdb: 'http://db:8086/', prometheus: 'http://prom:9090/' });
  });

  it('reads the password from VIGIL_INFLUXDB_PASSWORD_FILE, one trailing newline dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-batch-'));
    try {
      writeFileSync(join(dir, 'password'), 'from-file\n');
      const seen = await authorizationOf([], { VIGIL_INFLUXDB_URL: 'http://db:8086', VIGIL_INFLUXDB_USERNAME: 'kap', VIGIL_INFLUXDB_PASSWORD_FILE: join(dir, 'password') });
      expect(seen.authorization).toBe(`Basic ${Buffer.from('kap:from-file').toString('base64')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads named InfluxDBs from --influxdb-clusters or VIGIL_INFLUXDB_CLUSTERS_FILE, the flag first; a bad file names the setting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-batch-'));
    try {
      const write = (name: string, clusters: unknown): string => {
        writeFileSync(join(dir, name), JSON.stringify({ influxdb: clusters }));
        return join(dir, name);
      };
      const eu = write('eu.json', [{ name: 'eu', url: 'http://kap:secret@influx-eu:8086' }]);
      const us = write('us.json', [{ name: 'us', url: 'http://influx-us:8086' }]);
      expect(sourcesOf(['--influxdb', 'http://db:8086', '--influxdb-clusters', eu]).described).toEqual({ influxdb: 'http://db:8086/', influxdbClusters: { eu: 'http://influx-eu:8086/' } });
      expect(sourcesOf([], { VIGIL_INFLUXDB_CLUSTERS_FILE: us }).described).toEqual({ influxdbClusters: { us: 'http://influx-us:8086/' } });
      expect(sourcesOf(['--influxdb-clusters', eu], { VIGIL_INFLUXDB_CLUSTERS_FILE: us }).described.influxdbClusters).toEqual({ eu: 'http://influx-eu:8086/' });
      const twice = write('twice.json', [{ name: 'default', url: 'http://x:8086' }]);
      expect(() => sourcesOf(['--influxdb', 'http://db:8086'], { VIGIL_INFLUXDB_CLUSTERS_FILE: twice })).toThrow('VIGIL_INFLUXDB_CLUSTERS_FILE: the name "default" is the InfluxDB given by URL');
      expect(() => sourcesOf(['--influxdb-clusters', join(dir, 'none.json')])).toThrow(`--influxdb-clusters ${join(dir, 'none.json')}: ENOENT`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--influxdb', 'db:8086'], {}, '--influxdb: expected an http:// or https:// URL'],
    [['--influxdb', 'not a url with secret@'], {}, '--influxdb: expected a URL such as http://127.0.0.1:8086'],
    [['--influxdb', 'http://kap:secret@db:8086'], { VIGIL_INFLUXDB_PASSWORD: 'other' }, '--influxdb: the password is given both in the URL and apart'],
    [[], { VIGIL_INFLUXDB_URL: 'http://db:8086', VIGIL_INFLUXDB_PASSWORD: 'secret' }, 'VIGIL_INFLUXDB_URL: a password without a user'],
    [[], { VIGIL_INFLUXDB_PASSWORD: 'secret', VIGIL_INFLUXDB_PASSWORD_FILE: '/x' }, 'VIGIL_INFLUXDB_PASSWORD and VIGIL_INFLUXDB_PASSWORD_FILE are both set'],
    [['--prometheus', 'http://u:secret@prom:9090'], {}, '--prometheus: credentials in the URL are not supported'],
  ])('refuses %j %j, naming the setting and not the secret', (argv, env, message) => {
    expect(() => sourcesOf(argv, env)).toThrow(UsageError);
    expect(() => sourcesOf(argv, env)).toThrow(message);
    try {
      sourcesOf(argv, env);
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });
});
