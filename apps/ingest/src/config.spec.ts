import { SERIES_PARTITION_KEYS } from '@vigil/topic-contract';
import { loadIngestConfig } from './config';

describe('loadIngestConfig', () => {
  it('has the documented write defaults', () => {
    const config = loadIngestConfig({});
    expect(config).toMatchObject({ MAX_BODY_BYTES: 26_214_400, REMOTE_WRITE_DB: 'prometheus', REMOTE_WRITE_RP: 'autogen', AUTH_TOKENS: '' });
    expect(config.PARTITION_KEYS).toEqual(SERIES_PARTITION_KEYS);
  });

  it('refuses an unreadable PARTITION_KEYS at boot, naming the variable', () => {
    expect(() => loadIngestConfig({ PARTITION_KEYS: 'cpu' })).toThrow(/PARTITION_KEYS: partition keys: entry "cpu" has no "="/);
  });

  it('writes line protocol without a registry and Avro with one unless POINTS_ENCODING says otherwise', () => {
    const registry = { SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7' };
    expect(loadIngestConfig({}).POINTS_ENCODING).toBe('line');
    expect(loadIngestConfig(registry).POINTS_ENCODING).toBe('avro');
    expect(loadIngestConfig({ ...registry, POINTS_ENCODING: 'line' }).POINTS_ENCODING).toBe('line');
    expect(loadIngestConfig({ ...registry, POINTS_ENCODING: ' json ' }).POINTS_ENCODING).toBe('json');
    expect(loadIngestConfig({ POINTS_ENCODING: 'json' }).POINTS_ENCODING).toBe('json');
    expect(loadIngestConfig({ INGEST_METADATA_REFRESH_MS: '' }).INGEST_METADATA_REFRESH_MS).toBe(60_000);
  });

  it('refuses an unknown POINTS_ENCODING, and avro without a registry, naming the variable', () => {
    expect(() => loadIngestConfig({ POINTS_ENCODING: 'protobuf' })).toThrow(/POINTS_ENCODING: expected one of line, json, avro, got "protobuf"/);
    expect(() => loadIngestConfig({ POINTS_ENCODING: 'avro' })).toThrow(/POINTS_ENCODING: avro needs a schema registry: set SCHEMA_REGISTRY_URL, or choose line or json/);
    expect(() => loadIngestConfig({ POINTS_ENCODING: 'avro', PARTITION_KEYS: 'cpu' })).toThrow(/\(2 variables\)/);
  });
});
