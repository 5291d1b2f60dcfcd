import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@vigil/config';
import { loadNotifierConfig } from './config';

describe('loadNotifierConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-notifier-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function fileWith(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it('has the documented defaults and no handler configuration without a file', () => {
    const config = loadNotifierConfig({});
    expect(config).toMatchObject({
      PORT: 8088,
      NOTIFIER_GROUP_ID: 'vigil-notifier',
      ALERTS_TOPIC: 'vigil.alerts',
      DEAD_LETTER_TOPIC: 'vigil.alerts.dlq',
      DELIVERY_MAX_ATTEMPTS: 12,
      DELIVERY_MAX_AGE_MS: 3_600_000,
      DELIVERY_INITIAL_BACKOFF_MS: 500,
      DELIVERY_MAX_BACKOFF_MS: 30_000,
      DELIVERY_MAX_IN_FLIGHT: 64,
      DELIVERY_MAX_IN_FLIGHT_PER_ORIGIN: 32,
      NOTIFIER_MAX_PENDING: 10_000,
      NOTIFIER_COMMIT_INTERVAL_MS: 500,
      LEDGER_TTL_SECONDS: 604_800,
      REDIS_KEY_PREFIX: 'vigil',
      handlers: {},
    });
    expect(config.HANDLERS_CONFIG_FILE).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    try {
      loadNotifierConfig({ DELIVERY_MAX_ATTEMPTS: '0', DEAD_LETTER_TOPIC: 'bad topic', NOTIFIER_MAX_PENDING: 'lots' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((issue) => issue.variable).sort()).toEqual(['DEAD_LETTER_TOPIC', 'DELIVERY_MAX_ATTEMPTS', 'NOTIFIER_MAX_PENDING']);
    }
  });

  it('refuses a maximum backoff below the initial one', () => {
    expect(() => loadNotifierConfig({ DELIVERY_INITIAL_BACKOFF_MS: '5000', DELIVERY_MAX_BACKOFF_MS: '1000' })).toThrow(/DELIVERY_MAX_BACKOFF_MS: must not be below/);
  });

  it('reads the handler configuration file, with VIGIL_* variables supplying secrets', () => {
    const path = fileWith('handlers.json', JSON.stringify({ post: { endpoints: { broker: { url: 'http://broker:8080/alerts' } } } }));
    const config = loadNotifierConfig({ HANDLERS_CONFIG_FILE: path, VIGIL_POST_ENDPOINT_BROKER_PASSWORD: 's3cret', VIGIL_POST_ENDPOINT_BROKER_USERNAME: 'vigil' });
    expect(config.handlers.post?.endpoints?.['broker']).toEqual({ url: 'http://broker:8080/alerts', basicAuth: { username: 'vigil', password: 's3cret' } });
  });

  it('reports an unreadable, non-JSON or invalid handler file as a configuration error without quoting secrets', () => {
    expect(() => loadNotifierConfig({ HANDLERS_CONFIG_FILE: join(dir, 'missing.json') })).toThrow(/HANDLERS_CONFIG_FILE: cannot read/);
    expect(() => loadNotifierConfig({ HANDLERS_CONFIG_FILE: fileWith('bad.json', '{ nope') })).toThrow(/HANDLERS_CONFIG_FILE: .* is not JSON/);
    const invalid = fileWith('invalid.json', JSON.stringify({ telegram: { token: 'tok-secret-1234', url: 'not a url' } }));
    try {
      loadNotifierConfig({ HANDLERS_CONFIG_FILE: invalid });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/handler configuration: telegram\.url/);
      expect((error as Error).message).not.toContain('tok-secret-1234');
    }
  });
});
