import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isPermission, PERMISSION_NAMES, type Permission } from './permissions';
import { parseSecretHash, SecretHashError, type SecretHash } from './secret-hash';

/** One credential of the file: a name for logs, its secrets as hashes, what it may do. */
export interface Credential {
  readonly name: string;
  /** A bearer token (`Authorization: Bearer|Token <t>`, or the password of basic auth / `p`). */
  readonly token?: SecretHash;
  /** A user name and password, for basic auth and `u`/`p` (Kapacitor's and InfluxDB 1.x's way). */
  readonly username?: string;
  readonly password?: SecretHash;
  readonly permissions: ReadonlySet<Permission>;
}

/** A credentials file vigil cannot use; the message names the entry and field, never a secret. */
export class CredentialsFileError extends Error {
  override readonly name = 'CredentialsFileError';
}

const entrySchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._@-]{1,128}$/, 'letters, digits, ".", "_", "@", "-"'),
  token: z.string().optional(),
  username: z.string().min(1).max(256).optional(),
  password: z.string().optional(),
  permissions: z.array(z.string()).min(1, 'at least one permission'),
});

const fileSchema = z.strictObject({ credentials: z.array(entrySchema).min(1, 'at least one credential') });

/**
 * Reads a credentials file (JSON):
 *
 * ```json
 * { "credentials": [
 *   { "name": "telegraf", "token": "sha256$...", "permissions": ["write-points"] },
 *   { "name": "ops", "username": "ops", "password": "scrypt$...", "permissions": ["admin"] } ] }
 * ```
 *
 * Secrets are hashes (`vigil auth token`, `vigil auth hash`); a plain secret is refused, so a
 * file that leaks does not leak the secrets. Names and user names are unique.
 */
export function readCredentialsFile(path: string): Credential[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CredentialsFileError(`${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseCredentials(text, path);
}

export function parseCredentials(text: string, source: string): Credential[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CredentialsFileError(`${source}: not JSON: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw new CredentialsFileError(`${source}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const credentials = parsed.data.credentials.map((entry, index) => credentialOf(entry, `${source}: credentials.${index} (${entry.name})`));
  checkUnique(credentials.map((credential) => credential.name), source, 'name');
  checkUnique(credentials.flatMap((credential) => (credential.username === undefined ? [] : [credential.username])), source, 'username');
  return credentials;
}

function credentialOf(entry: z.infer<typeof entrySchema>, where: string): Credential {
  if (entry.token === undefined && entry.password === undefined) throw new CredentialsFileError(`${where}: needs a token or a username and password`);
  if ((entry.username === undefined) !== (entry.password === undefined)) throw new CredentialsFileError(`${where}: username and password go together`);
  const unknown = entry.permissions.filter((word) => !isPermission(word));
  if (unknown.length > 0) throw new CredentialsFileError(`${where}: unknown permission ${JSON.stringify(unknown[0])}; known: ${PERMISSION_NAMES.join(', ')}`);
  return {
    name: entry.name,
    ...(entry.token === undefined ? {} : { token: hashOf(entry.token, `${where}: token`) }),
    ...(entry.username === undefined ? {} : { username: entry.username }),
    ...(entry.password === undefined ? {} : { password: hashOf(entry.password, `${where}: password`) }),
    permissions: new Set(entry.permissions as Permission[]),
  };
}

function hashOf(text: string, where: string): SecretHash {
  try {
    return parseSecretHash(text);
  } catch (error) {
    if (error instanceof SecretHashError) throw new CredentialsFileError(`${where}: ${error.message}`);
    throw error;
  }
}

function checkUnique(values: readonly string[], source: string, what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new CredentialsFileError(`${source}: ${what} ${JSON.stringify(value)} appears twice`);
    seen.add(value);
  }
}
