import { generateToken, hashSecret, parseSecretHash, SecretHashError } from './secret-hash';

describe('secret hashes', () => {
  it.each(['scrypt', 'sha256'] as const)('a %s hash matches its secret and nothing else', (kind) => {
    const hash = hashSecret('correct horse', kind);
    expect(hash.startsWith(`${kind}$`)).toBe(true);
    const parsed = parseSecretHash(hash);
    expect(parsed.kind).toBe(kind);
    expect(parsed.matches('correct horse')).toBe(true);
    expect(parsed.matches('correct horse ')).toBe(false);
    expect(parsed.matches('')).toBe(false);
  });

  it('salts every hash, so one secret hashed twice gives two different hashes', () => {
    expect(hashSecret('same', 'sha256')).not.toBe(hashSecret('same', 'sha256'));
  });

  it('refuses what is not a hash, without repeating it', () => {
    for (const text of ['hunter2', 'sha256$short$short', 'md5$AAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAA', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAA']) {
      let message = '';
      try {
        parseSecretHash(text);
      } catch (error) {
        expect(error).toBeInstanceOf(SecretHashError);
        message = (error as Error).message;
      }
      expect(message).not.toBe('');
      expect(message).not.toContain(text);
    }
  });

  it('refuses scrypt parameters that would cost more than 256 MiB per check', () => {
    const salt = 'A'.repeat(22);
    expect(() => parseSecretHash(`scrypt$1048576$8$1$${salt}$${salt}`)).toThrow(/at most 256 MiB/);
  });

  it('generates 32-byte tokens that differ', () => {
    const token = generateToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(generateToken()).not.toBe(token);
  });
});
