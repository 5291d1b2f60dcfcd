import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyTagsOf } from '@vigil/evaluation';
import { loadEvaluatorConfig } from './config';

describe('loadEvaluatorConfig', () => {
  it('has the documented defaults', () => {
    const config = loadEvaluatorConfig({});
    expect(config).toMatchObject({
      EVALUATOR_GROUP_ID: 'vigil-evaluator',
      TASKS_DIR: undefined,
      CHECKPOINT_KEY_PREFIX: 'vigil',
      REPARTITION_TOPIC_PREFIX: 'vigil.repartition.',
      REPARTITION_PARTITIONS: 6,
      POINTS_DEFAULT_DATABASE: 'telegraf',
      POINTS_DEFAULT_RETENTION_POLICY: 'autogen',
      EVALUATOR_TICK_INTERVAL_MS: 1_000,
      EVALUATOR_CONCURRENCY: 2,
      EVALUATOR_SESSION_TIMEOUT_MS: 30_000,
      EVALUATOR_FETCH_MAX_BYTES_PER_PARTITION: 1_048_576,
      EVALUATOR_REBUILD_MAX_RECORDS: 0,
    });
    expect(keyTagsOf('cpu', config.PARTITION_KEYS)).toBeUndefined();
  });

  it('reads PARTITION_KEYS as ingest does', () => {
    const config = loadEvaluatorConfig({ PARTITION_KEYS: 'performance_influx=nome_recurso,nome_provedor;*=host', TASKS_DIR: '/tasks' });
    expect(keyTagsOf('performance_influx', config.PARTITION_KEYS)).toEqual(['nome_provedor', 'nome_recurso']);
    expect(keyTagsOf('cpu', config.PARTITION_KEYS)).toEqual(['host']);
    expect(config.TASKS_DIR).toBe('/tasks');
  });

  it('reads the user-defined functions of UDF_CONFIG_FILE, none without it, and refuses a bad one naming the variable', () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-evaluator-udf-'));
    const good = join(folder, 'udf.json');
    writeFileSync(good, JSON.stringify({ functions: { movingAverage: { prog: '/usr/local/bin/moving_avg', timeout: '5s' } } }));
    expect(loadEvaluatorConfig({}).udfFunctions).toEqual({});
    expect(loadEvaluatorConfig({ UDF_CONFIG_FILE: good }).udfFunctions).toEqual({ movingAverage: { kind: 'process', prog: '/usr/local/bin/moving_avg', args: [], env: {}, timeoutMs: 5000 } });
    const bad = join(folder, 'bad.json');
    writeFileSync(bad, JSON.stringify({ functions: { f: { prog: 'a', socket: '/s' } } }));
    expect(() => loadEvaluatorConfig({ UDF_CONFIG_FILE: bad })).toThrow(`UDF_CONFIG_FILE: ${bad}: UDF f: both socket and process config provided`);
  });

  it('refuses bad values at boot, naming each variable', () => {
    expect(() => loadEvaluatorConfig({ PARTITION_KEYS: 'cpu', CHECKPOINT_KEY_PREFIX: 'a b', REPARTITION_TOPIC_PREFIX: 'bad/name' })).toThrow(
      /PARTITION_KEYS: partition keys: entry "cpu" has no "="[\s\S]*CHECKPOINT_KEY_PREFIX[\s\S]*REPARTITION_TOPIC_PREFIX/,
    );
  });
});
