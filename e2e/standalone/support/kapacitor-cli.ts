import { spawnSync } from 'node:child_process';
import { kapacitorCli, type KapacitorCli } from '@vigil/testing';

export { kapacitorCli, type KapacitorCli };

/** What one `kapacitor` command did. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `kapacitor -url <url> <args>` to its end. */
export function runKapacitor(binary: string, url: string, args: readonly string[], cwd: string): CliRun {
  const run = spawnSync(binary, ['-url', url, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env['PATH'], HOME: process.env['HOME'] } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Go's `time.RFC822` layout ("02 Jan 06 15:04 MST") of an RFC 3339 time in UTC, as `kapacitor show` prints task times. */
export function goRfc822(rfc3339: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):\d{2}(\.\d+)?Z$/.exec(rfc3339);
  if (!match) throw new Error(`goRfc822 takes UTC times only, got ${rfc3339}`);
  const [, year = '', month = '', day = '', hour = '', minute = ''] = match;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${day} ${months[Number(month) - 1] ?? '?'} ${year.slice(-2)} ${hour}:${minute} UTC`;
}

/** A row of `kapacitor list tasks`: Go's "%-<w>s%-10v%-10v%-10v%s" with w one more than the longest id. */
export function listTasksRow(width: number, cells: readonly [string, string, string, string, string]): string {
  const [id, type, status, executing, dbrps] = cells;
  return `${id.padEnd(width)}${type.padEnd(10)}${status.padEnd(10)}${executing.padEnd(10)}${dbrps}`;
}

/** The lines a command printed, after checking it exited 0 with nothing on stderr. */
export function okLines(run: CliRun): string[] {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  return run.stdout.split('\n');
}

/** The CLI of this machine, warning once per spec file when it could not be built. */
export function kapacitorCliOrWarn(): KapacitorCli {
  const cli = kapacitorCli();
  if ('unavailable' in cli) console.warn(`\n*** kapacitor CLI e2e SKIPPED: could not build kapacitor 1.5.9: ${cli.unavailable} ***\n`);
  return cli;
}

/** A topic as `/kapacitor/v1/alerts/topics` answers it. */
export interface ApiTopic {
  readonly id: string;
  readonly level: string;
  readonly collected: number;
}

/** A topic's events as `/kapacitor/v1/alerts/topics/<id>/events` answers them. */
export interface ApiTopicEvents {
  readonly events: readonly { readonly id: string; readonly state: { readonly message: string; readonly level: string; readonly time: string } }[];
}

/** A row of `kapacitor list topics`: Go's "%-<id>v%-<level>v%10v". */
export const topicRow = (idWidth: number, levelWidth: number, id: string, level: string, collected: string): string => `${id.padEnd(idWidth)}${level.padEnd(levelWidth)}${collected.padStart(10)}`;

/** The lines of `kapacitor list topic-handlers`: each column as wide as its longest cell (at least 10) plus one. */
export function handlerRows(rows: readonly (readonly [string, string, string])[]): string[] {
  const width = (column: number): number => Math.max(10, ...rows.map((row) => row[column]?.length ?? 0)) + 1;
  return [['Topic', 'ID', 'Kind'] as const, ...rows].map(([topic, id, kind]) => `${topic.padEnd(width(0))}${id.padEnd(width(1))}${kind.padEnd(width(2))}`);
}

/** What `kapacitor stats general` prints for the server's vars: Go's "%-30s%-30v" per line. */
export function statsGeneralLines(vars: { readonly cluster_id: string; readonly server_id: string; readonly host: string }, tasks: number, enabledTasks: number): string[] {
  const general = (label: string, value: string | number): string => `${label.padEnd(30)}${String(value).padEnd(30)}`;
  return [
    general('ClusterID:', vars.cluster_id),
    general('ServerID:', vars.server_id),
    general('Host:', vars.host),
    general('Tasks:', tasks),
    general('Enabled Tasks:', enabledTasks),
    general('Subscriptions:', 0),
    general('Platform:', 'vigil'),
    general('Version:', '1.5.9+vigil'),
    '',
  ];
}
