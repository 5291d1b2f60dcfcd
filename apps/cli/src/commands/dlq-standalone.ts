import { existsSync } from 'node:fs';
import { DataFolder, DataFolderLockedError, dataFolderPaths, readFileLetters, replayFileLetters, type LetterFilter, type ReplayReport } from '@vigil/standalone';
import type { CommandIo } from './command-io';
import { letterLine } from './dlq-letter-line';

/** The path of the standalone server's replay endpoint, under the server's URL. */
export const REPLAY_PATH = '/vigil/v1/dead-letters/replay';

/** A standalone folder or server that cannot be used; the command prints the message and exits 1. */
export class DlqStandaloneError extends Error {
  override readonly name = 'DlqStandaloneError';
}

/**
 * `vigil dlq list --data DIR`: the letters of the folder's dead-letter file, in the lines of the
 * Kafka mode, with partition 0 and the line number as offset. It takes no lock: the file is only
 * appended to, and an unfinished last line is left out.
 */
export async function listFolderLetters(dir: string, filter: LetterFilter, io: CommandIo): Promise<number> {
  const path = dataFolderPaths(dir).deadLetters;
  if (!existsSync(path)) {
    io.stderr(`vigil: ${path} does not exist: no dead letters\n`);
    return 0;
  }
  for (const listed of await readFileLetters(path, filter)) io.stdout(`${letterLine({ ...listed, partition: 0, offset: String(listed.line) })}\n`);
  return 0;
}

/**
 * `vigil dlq replay --data DIR` with no server running: takes the folder's lock and appends the
 * replayed events to its event log, which the next `vigil serve` delivers. With a server on the
 * folder the lock is taken, and the command names `--url` instead of waiting for it.
 */
export async function replayInFolder(dir: string, filter: LetterFilter, dryRun: boolean, io: CommandIo): Promise<number> {
  let folder: DataFolder;
  try {
    folder = await DataFolder.open(dir);
  } catch (error) {
    if (!(error instanceof DataFolderLockedError)) throw error;
    throw new DlqStandaloneError(`a vigil serve holds ${dir} (process ${error.pid}): pass --url with its address, e.g. --url http://127.0.0.1:9100, to replay through it`);
  }
  try {
    const reports = await replayFileLetters({
      deadLettersPath: folder.paths.deadLetters,
      ledger: await folder.openLedger(),
      events: await folder.openEventLog(),
      filter,
      dryRun,
    });
    printReports(reports, io);
    return 0;
  } finally {
    await folder.close();
  }
}

/** `vigil dlq replay --url URL`: the running server replays through its own event log and answers the report lines. */
export async function replayThroughServer(url: string, filter: LetterFilter, dryRun: boolean, io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const endpoint = new URL(REPLAY_PATH, url);
  const authorization = authorizationOf(endpoint, env);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(authorization === undefined ? {} : { Authorization: authorization }) },
      body: JSON.stringify({ event: filter.eventId, handler: filter.handlerKey, dryRun }),
    });
  } catch (error) {
    // fetch says only "fetch failed"; the cause names the refused connection.
    const cause = (error as Error).cause;
    throw new DlqStandaloneError(`cannot reach the standalone server at ${endpoint.origin} (--url): ${cause instanceof Error ? cause.message : (error as Error).message}`);
  }
  const body = await response.text();
  if (!response.ok) throw new DlqStandaloneError(`${endpoint.href} answered HTTP ${response.status}: ${body.trim()}`);
  if (body === '') io.stderr('vigil: no dead letters matched; nothing to replay\n');
  io.stdout(body);
  return 0;
}

/**
 * The credentials for a server with authentication on, as Kapacitor's CLI takes them: user and
 * password in the URL (sent as basic auth; fetch refuses a URL that carries them, so they are
 * taken out of it here), or a token in VIGIL_TOKEN.
 */
function authorizationOf(endpoint: URL, env: NodeJS.ProcessEnv): string | undefined {
  const user = decodeURIComponent(endpoint.username);
  const password = decodeURIComponent(endpoint.password);
  endpoint.username = '';
  endpoint.password = '';
  if (user !== '' || password !== '') return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const token = env['VIGIL_TOKEN']?.trim();
  return token ? `Bearer ${token}` : undefined;
}

function printReports(reports: readonly ReplayReport[], io: CommandIo): void {
  if (reports.length === 0) io.stderr('vigil: no dead letters matched; nothing to replay\n');
  for (const report of reports) io.stdout(`${JSON.stringify(report)}\n`);
}
