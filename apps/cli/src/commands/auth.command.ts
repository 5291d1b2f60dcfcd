import { readFileSync } from 'node:fs';
import { generateToken, hashSecret, isPermission, PERMISSION_NAMES, type SecretHashKind } from '@vigil/http-access';
import { parseArgs, stringOption, UsageError, type OptionSpec } from '../args/parse-args';
import type { CommandHelp } from '../args/command-help';
import type { CommandIo } from './command-io';

const TOKEN_OPTIONS: readonly OptionSpec[] = [
  { name: 'name', takesValue: true, description: 'name of the credential (shown in logs and refusals)' },
  { name: 'permissions', takesValue: true, description: `comma-separated: ${PERMISSION_NAMES.join(', ')}` },
];
const HASH_OPTIONS: readonly OptionSpec[] = [{ name: 'kind', takesValue: true, description: 'scrypt (default, for passwords) or sha256 (for generated tokens)' }];

export const AUTH_HELP: CommandHelp = {
  usage: 'auth token|hash [options]',
  summary: 'The secrets of a credentials file (docs/security.md), so that nobody writes a hash by hand.',
  options: [],
  subcommands: {
    token: {
      usage: 'auth token --name NAME --permissions P,P',
      summary: 'Print a new token (shown once) and the JSON line to add to the "credentials" list of the credentials file.',
      options: TOKEN_OPTIONS,
    },
    hash: {
      usage: 'auth hash [--kind scrypt|sha256]',
      summary: 'Read a secret on stdin (one line) and print its hash for a credentials file.',
      options: HASH_OPTIONS,
    },
  },
};

/**
 * `vigil auth token` and `vigil auth hash`: the secrets of a credentials file, so nobody writes a
 * hash by hand. The token is printed once and never stored in clear anywhere.
 */
export function runAuth(argv: readonly string[], io: CommandIo, readStdin: () => string = () => readFileSync(0, 'utf8')): number {
  const [sub, ...rest] = argv;
  if (sub === 'token') return printToken(rest, io);
  if (sub === 'hash') return printHash(rest, io, readStdin);
  throw new UsageError('auth takes token (--name NAME --permissions P,P) or hash (--kind scrypt|sha256, secret on stdin)');
}

function printToken(argv: readonly string[], io: CommandIo): number {
  const args = parseArgs(argv, TOKEN_OPTIONS);
  const name = stringOption(args, 'name');
  const permissions = (stringOption(args, 'permissions') ?? '').split(',').map((word) => word.trim()).filter((word) => word !== '');
  if (name === undefined) throw new UsageError('auth token needs --name');
  if (permissions.length === 0) throw new UsageError(`auth token needs --permissions, some of: ${PERMISSION_NAMES.join(', ')}`);
  const unknown = permissions.find((word) => !isPermission(word));
  if (unknown !== undefined) throw new UsageError(`unknown permission ${unknown}; known: ${PERMISSION_NAMES.join(', ')}`);
  const token = generateToken();
  io.stdout(`token: ${token}\n`);
  io.stdout(`${JSON.stringify({ name, token: hashSecret(token, 'sha256'), permissions })}\n`);
  io.stderr('vigil: the token is shown once; add the JSON line to the "credentials" list of the credentials file\n');
  return 0;
}

function printHash(argv: readonly string[], io: CommandIo, readStdin: () => string): number {
  const args = parseArgs(argv, HASH_OPTIONS);
  const kind = stringOption(args, 'kind') ?? 'scrypt';
  if (kind !== 'scrypt' && kind !== 'sha256') throw new UsageError(`--kind ${kind}: expected scrypt or sha256`);
  // One line: a trailing newline from `echo` or a here-string is not part of the secret.
  const secret = readStdin().replace(/\r?\n$/, '');
  if (secret === '') throw new UsageError('auth hash reads the secret on stdin; it was empty');
  io.stdout(`${hashSecret(secret, kind as SecretHashKind)}\n`);
  return 0;
}
