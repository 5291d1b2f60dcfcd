import { loadIngestConfig } from './config';

describe('loadIngestConfig', () => {
  it('has the documented write defaults', () => {
    expect(loadIngestConfig({})).toMatchObject({ MAX_BODY_BYTES: 26_214_400, REMOTE_WRITE_DB: 'prometheus', REMOTE_WRITE_RP: 'autogen', PARTITION_KEYS: '', AUTH_TOKENS: '' });
  });

  it('refuses an unreadable PARTITION_KEYS at boot, naming the variable', () => {
    expect(() => loadIngestConfig({ PARTITION_KEYS: 'cpu' })).toThrow(/PARTITION_KEYS: partition keys: entry "cpu" has no "="/);
  });
});
