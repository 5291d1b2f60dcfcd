import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchSourceError, batchSourcesOf } from './batch-sources';
import { InfluxDBClustersFileError, readInfluxDBClustersFile } from './influxdb-clusters-file';

const SECRET = 'S3cret-pw';
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('named InfluxDBs (.cluster)', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-influx-clusters-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (content: unknown, name = 'clusters.json'): string => {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    return join(dir, name);
  };

  /** Where each cluster name's query goes, and with which Authorization header. */
  async function targets(sources: ReturnType<typeof batchSourcesOf>, names: readonly string[]): Promise<(string | undefined)[][]> {
    const seen: (string | undefined)[][] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (url: string, init: { headers: Record<string, string> }) => {
      seen.push([url, init.headers['Authorization']]);
      return new Response('{"results":[{}]}', { status: 200 });
    }) as unknown as typeof fetch;
    try {
      for (const name of names) await sources.influxdb?.query(name, 'SELECT 1');
    } finally {
      globalThis.fetch = original;
    }
    return seen;
  }

  it('reads the named InfluxDBs of a file, each with its credentials, password inline or from a file relative to it', async () => {
    writeFileSync(join(dir, 'eu.password'), `${SECRET}\n`);
    const clusters = readInfluxDBClustersFile(
      file({ influxdb: [{ name: 'eu', url: 'http://influx-eu:8086', username: 'kap', passwordFile: 'eu.password' }, { name: 'us', url: 'http://reader:pw@influx-us:8086/' }] }),
    );
    expect(clusters).toEqual([
      { name: 'eu', url: 'http://influx-eu:8086', username: 'kap', password: SECRET },
      { name: 'us', url: 'http://reader:pw@influx-us:8086/' },
    ]);
    const sources = batchSourcesOf({ influxdbUrl: 'http://main:8086', influxdbClusters: clusters }, { influxdb: 'INFLUXDB_URL', influxdbClusters: 'INFLUXDB_CLUSTERS_FILE', prometheus: 'PROMETHEUS_URL' });
    expect(sources.described).toEqual({ influxdb: 'http://main:8086/', influxdbClusters: { eu: 'http://influx-eu:8086/', us: 'http://influx-us:8086/' } });
    expect(await targets(sources, ['', 'default', 'eu', 'us'])).toEqual([
      ['http://main:8086/query', undefined],
      ['http://main:8086/query', undefined],
      ['http://influx-eu:8086/query', basic('kap', SECRET)],
      ['http://influx-us:8086/query', basic('reader', 'pw')],
    ]);
    await expect(sources.influxdb?.query('asia', 'SELECT 1')).rejects.toThrow('no InfluxDB named "asia" is configured (configured: default, eu, us)');
  });

  it('takes the entry marked default, or the first, for query() nodes without .cluster() when no URL is given', async () => {
    const entries = [
      { name: 'eu', url: 'http://influx-eu:8086' },
      { name: 'us', url: 'http://influx-us:8086' },
    ];
    expect(await targets(batchSourcesOf({ influxdbClusters: entries }), [''])).toEqual([['http://influx-eu:8086/query', undefined]]);
    expect(await targets(batchSourcesOf({ influxdbClusters: [entries[0]!, { ...entries[1]!, default: true }] }), [''])).toEqual([['http://influx-us:8086/query', undefined]]);
  });

  it.each([
    ['{"influxdb": []}', 'expected {"influxdb": [{"name": ..., "url": ...}, ...]}'],
    [`{"influxdb": [{"name": "eu", "url": "http://x", "password": "${SECRET}"`, 'not valid JSON'],
    [{ influxdb: [{ name: 'e u', url: 'http://x' }] }, 'entry 1 ("e u"): "name" must be 1 to 100 letters'],
    [{ influxdb: [{ name: 'eu', url: 'http://x' }, { name: 'eu', url: 'http://y' }] }, 'entry 2 ("eu"): the name is given twice'],
    [{ influxdb: [{ name: 'eu', url: 'http://x', password: SECRET, passwordFile: 'p' }] }, 'entry 1 ("eu"): give "password" or "passwordFile", not both'],
    [{ influxdb: [{ name: 'eu', url: 'http://x', passwordFile: 'missing' }] }, `entry 1 ("eu"): "passwordFile" ${'DIR'}/missing: ENOENT`],
    [{ influxdb: [{ name: 'eu', urls: ['http://x'] }] }, 'entry 1 ("eu"): unknown field "urls"'],
  ])('refuses the file %j, naming it and the entry, never a password', (content, message) => {
    const path = file(content);
    expect(() => readInfluxDBClustersFile(path)).toThrow(InfluxDBClustersFileError);
    expect(() => readInfluxDBClustersFile(path)).toThrow(`${path}: ${message.replace('DIR', dir)}`);
    try {
      readInfluxDBClustersFile(path);
    } catch (error) {
      expect((error as Error).message).not.toContain(SECRET);
    }
  });

  it.each([
    [{ influxdbUrl: 'http://main:8086', influxdbClusters: [{ name: 'default', url: 'http://x:8086' }] }, 'clusters: the name "default" is the InfluxDB given by URL'],
    [{ influxdbUrl: 'http://main:8086', influxdbClusters: [{ name: 'eu', url: 'http://x:8086', default: true }] }, 'clusters: more than one default InfluxDB (default, eu)'],
    [{ influxdbClusters: [{ name: 'eu', url: 'http://x:8086', default: true }, { name: 'us', url: 'http://y:8086', default: true }] }, 'clusters: more than one default InfluxDB (eu, us)'],
    [{ influxdbClusters: [{ name: 'eu', url: `http://kap:${SECRET}@x:8086`, username: 'other' }] }, 'clusters: eu: the user is given both in the URL and apart'],
    [{ influxdbClusters: [{ name: 'eu', url: 'http://x:8086', password: SECRET }] }, 'clusters: eu: a password without a user'],
    [{ influxdbClusters: [{ name: 'eu', url: `influx-eu:8086` }] }, 'clusters: eu: expected an http:// or https:// URL'],
  ])('refuses the settings %j, naming the entry, never a password', (settings, message) => {
    const build = () => batchSourcesOf(settings, { influxdb: 'url', influxdbClusters: 'clusters', prometheus: 'prometheus' });
    expect(build).toThrow(BatchSourceError);
    expect(build).toThrow(message);
    expect(() => build()).not.toThrow(SECRET);
  });
});
