import { uniqueName } from './unique-name';
import { waitFor } from './wait-for';
import { parseEnvLines } from './integration-env';

describe('waitFor', () => {
  it('returns the first truthy value the probe gives', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `done after ${calls}` : undefined), { timeoutMs: 5_000, intervalMs: 1 });
    expect(value).toBe('done after 3');
  });

  it('treats a throwing probe as not yet and quotes its last error on timeout', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 20, intervalMs: 5, what: 'the server' },
      ),
    ).rejects.toThrow(/the server not met within 20 ms \(last error: connection refused\)/);
  });

  it('accepts 0 as a result, since only undefined, null and false mean not yet', async () => {
    expect(await waitFor(() => 0, { timeoutMs: 10 })).toBe(0);
  });
});

describe('uniqueName', () => {
  it('gives different Kafka-legal names for the same prefix', () => {
    const names = new Set(Array.from({ length: 50 }, () => uniqueName('vigil.test')));
    expect(names.size).toBe(50);
    for (const name of names) expect(name).toMatch(/^vigil\.test-[a-z0-9]+-[0-9a-f]{8}$/);
  });

  it('rejects a prefix Kafka would not accept', () => {
    expect(() => uniqueName('bad topic')).toThrow(/may only use/);
  });
});

describe('parseEnvLines', () => {
  it('reads NAME=value lines, with export and quotes', () => {
    expect(parseEnvLines('# comment\nKAFKA_BROKERS=127.0.0.1:9092\nexport REDIS_URL="redis://127.0.0.1:6379"\n\n')).toEqual({
      KAFKA_BROKERS: '127.0.0.1:9092',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
  });
});
