import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * How a secret is kept at rest in a credentials file. Two forms, both salted:
 *
 * - `scrypt$<N>$<r>$<p>$<salt>$<hash>` for passwords people choose: scrypt makes each guess of an
 *   offline attack expensive.
 * - `sha256$<salt>$<hash>` for tokens vigil generates (32 random bytes): a guess is hopeless
 *   whatever the hash costs, and a cheap hash keeps checking a token on every write cheap.
 *
 * Salt and hash are base64url. Node's own crypto does all of it: no native module to build.
 */
export type SecretHashKind = 'scrypt' | 'sha256';

/** A hash that cannot be read; the message says which part is wrong, never the value. */
export class SecretHashError extends Error {
  override readonly name = 'SecretHashError';
}

/** scrypt's cost; 2^15 with r 8 takes ~50 ms and 32 MiB, OWASP's floor for scrypt. */
const SCRYPT_DEFAULTS = { N: 32_768, r: 8, p: 1 } as const;
const HASH_BYTES = 32;
const SALT_BYTES = 16;
/** Past this, a hash could make every login cost seconds or exhaust memory. */
const SCRYPT_MAX_MEMORY = 256 * 1024 * 1024;

export function hashSecret(secret: string, kind: SecretHashKind): string {
  const salt = randomBytes(SALT_BYTES);
  if (kind === 'sha256') return ['sha256', encode(salt), encode(sha256(salt, secret))].join('$');
  const { N, r, p } = SCRYPT_DEFAULTS;
  const hash = scryptSync(secret, salt, HASH_BYTES, { N, r, p, maxmem: SCRYPT_MAX_MEMORY });
  return ['scrypt', N, r, p, encode(salt), encode(hash)].join('$');
}

/** A parsed hash, checked once when the credentials file is read. */
export interface SecretHash {
  readonly kind: SecretHashKind;
  /** True when `secret` hashes to this hash; compares in constant time. */
  matches(secret: string): boolean;
}

export function parseSecretHash(text: string): SecretHash {
  const parts = text.split('$');
  const kind = parts[0];
  if (kind === 'sha256' && parts.length === 3) {
    const salt = decode(parts[1], 'salt');
    const expected = decode(parts[2], 'hash');
    return { kind, matches: (secret) => sameBytes(sha256(salt, secret), expected) };
  }
  if (kind === 'scrypt' && parts.length === 6) {
    const [N, r, p] = [parts[1], parts[2], parts[3]].map((part) => positiveInteger(part));
    const salt = decode(parts[4], 'salt');
    const expected = decode(parts[5], 'hash');
    if (N === undefined || r === undefined || p === undefined || (N & (N - 1)) !== 0 || 128 * N * r > SCRYPT_MAX_MEMORY) {
      throw new SecretHashError('scrypt parameters must be N (a power of two), r and p, using at most 256 MiB');
    }
    return {
      kind,
      matches: (secret) => sameBytes(scryptSync(secret, salt, expected.length, { N, r, p, maxmem: SCRYPT_MAX_MEMORY }), expected),
    };
  }
  throw new SecretHashError('expected scrypt$N$r$p$salt$hash or sha256$salt$hash (make one with `vigil auth hash`)');
}

/** A new random token: 32 bytes, base64url, as `vigil auth token` prints it. */
export function generateToken(): string {
  return encode(randomBytes(32));
}

function sha256(salt: Buffer, secret: string): Buffer {
  return createHash('sha256').update(salt).update(secret, 'utf8').digest();
}

function sameBytes(actual: Buffer, expected: Buffer): boolean {
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function encode(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function decode(part: string | undefined, what: string): Buffer {
  if (part === undefined || !/^[A-Za-z0-9_-]{16,}$/.test(part)) throw new SecretHashError(`the ${what} is not base64url of at least 12 bytes`);
  return Buffer.from(part, 'base64url');
}

function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^[1-9]\d{0,9}$/.test(text)) return undefined;
  return Number(text);
}
