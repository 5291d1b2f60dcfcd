import { CredentialsFileError, parseCredentials } from './credentials-file';
import { hashSecret } from './secret-hash';

const tokenHash = hashSecret('writer-token', 'sha256');
const passwordHash = hashSecret('ops-password', 'scrypt');

function file(credentials: unknown[]): string {
  return JSON.stringify({ credentials });
}

function refusal(text: string): string {
  try {
    parseCredentials(text, 'auth.json');
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialsFileError);
    return (error as Error).message;
  }
  throw new Error('expected a CredentialsFileError');
}

describe('parseCredentials', () => {
  it('reads tokens, users and their permissions', () => {
    const credentials = parseCredentials(
      file([
        { name: 'telegraf', token: tokenHash, permissions: ['write-points'] },
        { name: 'ops', username: 'ops', password: passwordHash, permissions: ['admin'] },
      ]),
      'auth.json',
    );
    expect(credentials.map((credential) => [credential.name, credential.username, [...credential.permissions]])).toEqual([
      ['telegraf', undefined, ['write-points']],
      ['ops', 'ops', ['admin']],
    ]);
    expect(credentials[0]?.token?.matches('writer-token')).toBe(true);
    expect(credentials[1]?.password?.matches('ops-password')).toBe(true);
  });

  it('refuses a secret written in clear, naming the entry but not the secret', () => {
    const message = refusal(file([{ name: 'telegraf', token: 'writer-token', permissions: ['write-points'] }]));
    expect(message).toContain('credentials.0 (telegraf): token');
    expect(message).not.toContain('writer-token');
  });

  it('refuses unknown permissions, half a user, duplicates and empty files', () => {
    expect(refusal(file([{ name: 'a', token: tokenHash, permissions: ['write-everything'] }]))).toMatch(/unknown permission "write-everything"; known: write-points, /);
    expect(refusal(file([{ name: 'a', username: 'a', token: tokenHash, permissions: ['admin'] }]))).toMatch(/username and password go together/);
    expect(refusal(file([{ name: 'a', permissions: ['admin'] }]))).toMatch(/needs a token or a username and password/);
    expect(refusal(file([{ name: 'a', token: tokenHash, permissions: ['admin'] }, { name: 'a', token: tokenHash, permissions: ['admin'] }]))).toMatch(/name "a" appears twice/);
    expect(refusal(file([]))).toMatch(/at least one credential/);
    expect(refusal('{"credentials": [')).toMatch(/^auth.json: not JSON/);
    expect(refusal(file([{ name: 'a', token: tokenHash, permissions: ['admin'], extra: 1 }]))).toMatch(/credentials.0/);
  });
});
