import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseEnv } from '@vigil/config';
import { BATCH_ENV, batchSourcesFromEnv } from './batch-env';

const sourcesOf = (env: NodeJS.ProcessEnv) => batchSourcesFromEnv(parseEnv('evaluator', BATCH_ENV, env));

describe('batchSourcesFromEnv', () => {
  it('has no sources unless configured', () => {
    expect(sourcesOf({})).toEqual({ described: {} });
  });

  it('takes the URL, user and password (inline or from a file) and shows the URL without them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-batch-env-'));
    try {
      writeFileSync(join(dir, 'password'), 'from-file\n');
      const sources = sourcesOf({ INFLUXDB_URL: 'http://db:8086', INFLUXDB_USERNAME: 'kap', INFLUXDB_PASSWORD_FILE: join(dir, 'password'), PROMETHEUS_URL: 'http://prom:9090' });
      expect(sources.described).toEqual({ influxdb: 'http://db:8086/', prometheus: 'http://prom:9090/' });
      expect(sources.influxdb).toBeDefined();
      expect(sourcesOf({ INFLUXDB_URL: 'http://kap:secret@db:8086' }).described).toEqual({ influxdb: 'http://db:8086/' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads named InfluxDBs from INFLUXDB_CLUSTERS_FILE; a bad file is a ConfigError naming the variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-batch-env-'));
    try {
      writeFileSync(join(dir, 'eu.password'), 'secret\n');
      writeFileSync(join(dir, 'clusters.json'), JSON.stringify({ influxdb: [{ name: 'eu', url: 'http://influx-eu:8086', username: 'kap', passwordFile: 'eu.password' }] }));
      expect(sourcesOf({ INFLUXDB_URL: 'http://db:8086', INFLUXDB_CLUSTERS_FILE: join(dir, 'clusters.json') }).described).toEqual({ influxdb: 'http://db:8086/', influxdbClusters: { eu: 'http://influx-eu:8086/' } });
      writeFileSync(join(dir, 'bad.json'), '{"influxdb": [{"name": "eu", "url": "http://x", "password": "secret"');
      expect(() => sourcesOf({ INFLUXDB_CLUSTERS_FILE: join(dir, 'bad.json') })).toThrow(ConfigError);
      expect(() => sourcesOf({ INFLUXDB_CLUSTERS_FILE: join(dir, 'bad.json') })).toThrow(/INFLUXDB_CLUSTERS_FILE.*bad\.json: not valid JSON/);
      writeFileSync(join(dir, 'default.json'), JSON.stringify({ influxdb: [{ name: 'eu', url: 'http://x:8086', default: true }] }));
      expect(() => sourcesOf({ INFLUXDB_URL: 'http://db:8086', INFLUXDB_CLUSTERS_FILE: join(dir, 'default.json') })).toThrow(/INFLUXDB_CLUSTERS_FILE.*more than one default InfluxDB \(default, eu\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ INFLUXDB_URL: 'http://db:8086', INFLUXDB_USERNAME: 'kap', INFLUXDB_PASSWORD: 'secret', INFLUXDB_PASSWORD_FILE: '/dev/null' }, 'INFLUXDB_PASSWORD_FILE'],
    [{ INFLUXDB_URL: 'db:8086' }, 'INFLUXDB_URL: expected an http:// or https:// URL'],
    [{ INFLUXDB_URL: 'http://db:8086', INFLUXDB_PASSWORD: 'secret' }, 'INFLUXDB_URL: a password without a user'],
    [{ PROMETHEUS_URL: 'http://u:secret@prom:9090' }, 'PROMETHEUS_URL: credentials in the URL are not supported'],
  ])('refuses %j as a ConfigError naming the variable, never the secret', (env, message) => {
    let caught: unknown;
    try {
      sourcesOf(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toContain(message);
    expect((caught as Error).message).not.toContain('secret');
  });
});
