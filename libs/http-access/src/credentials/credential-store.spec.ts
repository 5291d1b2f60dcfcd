import { CredentialStore } from './credential-store';
import type { Credential } from './credentials-file';
import type { SecretHash } from './secret-hash';

/** A hash that counts how often it was checked, to see the cache at work. */
function countingHash(secret: string): SecretHash & { checks: number } {
  const hash = {
    kind: 'scrypt' as const,
    checks: 0,
    matches: (presented: string) => {
      hash.checks++;
      return presented === secret;
    },
  };
  return hash;
}

describe('CredentialStore', () => {
  const writerToken = countingHash('w-token');
  const opsPassword = countingHash('ops-pw');
  const credentials: Credential[] = [
    { name: 'writer', token: writerToken, permissions: new Set(['write-points']) },
    { name: 'ops', username: 'ops', password: opsPassword, permissions: new Set(['admin']) },
  ];

  it('finds the credential of a token, of a user, and of a token given as the password of any other user', () => {
    const store = new CredentialStore(credentials);
    expect(store.authenticate({ kind: 'token', token: 'w-token' })).toMatchObject({ outcome: 'valid', credential: { name: 'writer' } });
    expect(store.authenticate({ kind: 'user', username: 'ops', password: 'ops-pw' })).toMatchObject({ outcome: 'valid', credential: { name: 'ops' } });
    expect(store.authenticate({ kind: 'user', username: 'telegraf', password: 'w-token' })).toMatchObject({ outcome: 'valid', credential: { name: 'writer' } });
  });

  it('tells missing credentials from wrong ones, and never takes a user password as a token', () => {
    const store = new CredentialStore(credentials);
    expect(store.authenticate(undefined)).toEqual({ outcome: 'missing' });
    expect(store.authenticate({ kind: 'token', token: 'ops-pw' })).toEqual({ outcome: 'wrong' });
    expect(store.authenticate({ kind: 'user', username: 'ops', password: 'w-token' })).toEqual({ outcome: 'wrong' });
  });

  it('remembers a verified secret for ten minutes instead of hashing it on every request', () => {
    let now = 0;
    const password = countingHash('pw');
    const store = new CredentialStore([{ name: 'u', username: 'u', password, permissions: new Set(['read-tasks']) }], () => now);
    for (let i = 0; i < 5; i++) store.authenticate({ kind: 'user', username: 'u', password: 'pw' });
    expect(password.checks).toBe(1);
    now += 10 * 60_000 + 1;
    store.authenticate({ kind: 'user', username: 'u', password: 'pw' });
    expect(password.checks).toBe(2);
    // Failures are not remembered: each wrong guess is checked again.
    store.authenticate({ kind: 'user', username: 'u', password: 'guess' });
    store.authenticate({ kind: 'user', username: 'u', password: 'guess' });
    expect(password.checks).toBe(4);
  });

  it('is empty without credentials', () => {
    expect(new CredentialStore([]).empty).toBe(true);
    expect(new CredentialStore(credentials).empty).toBe(false);
  });
});
