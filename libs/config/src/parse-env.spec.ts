import { ConfigError } from './config-error';
import { hostPortListVar, intVar, logLevelVar, optionalUrlVar, portVar, stringVar, urlVar } from './env-fields';
import { parseEnv } from './parse-env';
import { serviceEnv } from './service-env';

const shape = {
  PORT: portVar(8086),
  KAFKA_BROKERS: hostPortListVar('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: stringVar('vigil-test'),
  REDIS_URL: urlVar(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  SCHEMA_REGISTRY_URL: optionalUrlVar(['http:', 'https:']),
  LOG_LEVEL: logLevelVar('info'),
  POINTS_PARTITIONS: intVar(6, { min: 1, max: 10_000 }),
};

function issuesOf(env: Record<string, string>): Record<string, string> {
  try {
    parseEnv('test-app', shape, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return Object.fromEntries(error.issues.map((issue) => [issue.variable, issue.reason]));
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv', () => {
  it('applies every default when nothing is set', () => {
    expect(parseEnv('test-app', shape, {})).toEqual({
      PORT: 8086,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_CLIENT_ID: 'vigil-test',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SCHEMA_REGISTRY_URL: undefined,
      LOG_LEVEL: 'info',
      POINTS_PARTITIONS: 6,
    });
  });

  it('parses given values into their types', () => {
    const config = parseEnv('test-app', shape, {
      PORT: '9000',
      KAFKA_BROKERS: 'a:1, b:2',
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
      LOG_LEVEL: 'debug',
      POINTS_PARTITIONS: '12',
      UNRELATED: 'ignored',
    });
    expect(config.PORT).toBe(9000);
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.SCHEMA_REGISTRY_URL).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.POINTS_PARTITIONS).toBe(12);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv('test-app', shape, { PORT: '', SCHEMA_REGISTRY_URL: ' ' }).PORT).toBe(8086);
  });

  it('names every bad variable with its reason', () => {
    const issues = issuesOf({
      PORT: 'abc',
      KAFKA_BROKERS: 'nohostport',
      REDIS_URL: 'http://x',
      LOG_LEVEL: 'loud',
      POINTS_PARTITIONS: '0',
    });
    expect(Object.keys(issues).sort()).toEqual(['KAFKA_BROKERS', 'LOG_LEVEL', 'POINTS_PARTITIONS', 'PORT', 'REDIS_URL']);
    expect(issues['PORT']).toContain('"abc"');
    expect(issues['LOG_LEVEL']).toContain('one of fatal, error');
  });

  it('rejects ports outside 1-65535 and non-integers', () => {
    for (const bad of ['0', '65536', '80.5', '1e3', '-1']) {
      expect(Object.keys(issuesOf({ PORT: bad }))).toEqual(['PORT']);
    }
  });

  it('reports a required variable that is missing', () => {
    const required = { TOKEN: stringVar() };
    expect(() => parseEnv('test-app', required, {})).toThrow(/TOKEN: is required but not set/);
  });

  it('puts the app name and each variable on its own line in the message', () => {
    expect(() => parseEnv('ingest', shape, { PORT: 'abc', LOG_LEVEL: 'x' })).toThrow(
      /^ingest: invalid configuration \(2 variables\):\n {2}PORT: .*\n {2}LOG_LEVEL: /,
    );
  });
});

describe('serviceEnv', () => {
  it('gives the documented defaults', () => {
    const config = parseEnv('ingest', serviceEnv({ port: 8086, clientId: 'vigil-ingest' }), {});
    expect(config).toMatchObject({
      PORT: 8086,
      KAFKA_CLIENT_ID: 'vigil-ingest',
      POINTS_TOPIC: 'vigil.points',
      ALERTS_TOPIC: 'vigil.alerts',
      POINTS_PARTITIONS: 6,
      SCHEMA_REGISTRY_URL: undefined,
    });
  });

  it('rejects a topic name Kafka would refuse', () => {
    expect(() => parseEnv('ingest', serviceEnv({ port: 1, clientId: 'c' }), { POINTS_TOPIC: 'bad topic' })).toThrow(
      /POINTS_TOPIC: expected a Kafka topic name/,
    );
  });
});
