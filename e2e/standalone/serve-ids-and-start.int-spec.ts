import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot, waitFor } from '@vigil/testing';
import { startServe, type ServeProcess } from './support/standalone-process';

/**
 * Issue 14: `vigil serve` says one line at start (address, data folder, version), the rest at
 * debug; alert templates see the data folder's ClusterID and ServerID, the same across a restart,
 * as Kapacitor's do. Issue 12: the task API shows the node statistics after points.
 */
const version = (JSON.parse(readFileSync(join(repositoryRoot(), 'package.json'), 'utf8')) as { version: string }).version;

function task(log: string): string {
  return `dbrp "telegraf"."autogen"

stream
  |from()
    .measurement('cpu')
  |alert()
    .id('{{ .ServerInfo.ClusterID }}|{{ .ServerInfo.ServerID }}|{{ .ServerInfo.Hostname }}')
    .crit(lambda: "usage" > 90)
    .log('${log}')
`;
}

async function write(url: string, lines: string): Promise<void> {
  const response = await fetch(`${url}/write?db=telegraf`, { method: 'POST', body: lines });
  expect(response.status).toBe(204);
}

/** The alert ids the log handler wrote, once there are `count`. */
async function loggedIds(path: string, count: number): Promise<string[]> {
  return waitFor(
    () => {
      if (!existsSync(path)) return undefined;
      const ids = readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { id: string }).id);
      return ids.length >= count ? ids : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100, what: `${count} logged alerts` },
  );
}

describe('vigil serve: start output, server ids and task statistics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-ids-'));
  const data = join(dir, 'data');
  // Below the data folder's logs/, where vigil serve lets .log() append without configuration.
  const log = join(data, 'logs', 'alerts.log');
  let server: ServeProcess | undefined;

  beforeAll(() => writeFileSync(join(dir, 'cpu.tick'), task(log)));
  afterEach(() => server?.cleanup());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one line at start, renders the data folder ids in alerts across a restart, and shows node statistics', async () => {
    server = await startServe(data, ['--task', join(dir, 'cpu.tick')]);
    await write(server.url, 'cpu usage=95 1000000000\ncpu usage=97 2000000000\nmem usage=1 3000000000');
    const [first] = await loggedIds(log, 2);
    // Everything the server logged at info or above until it listened, and a little after.
    const lines = server.process
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => ['info', 'warn', 'error', 'fatal'].includes(line['level'] as string));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'vigil standalone listening', url: server.url, data, version });

    const shown = (await (await fetch(`${server.url}/kapacitor/v1/tasks/cpu`)).json()) as { stats: { 'node-stats': Record<string, Record<string, number>> }; dot: string };
    // The mem point is not evaluated (no from() selects mem), but stream0 counts it and passes it
    // to from1, as Kapacitor's stream node counts every point of its dbrps.
    expect(shown.stats['node-stats']['stream0']).toMatchObject({ collected: 3, emitted: 3, errors: 0 });
    expect(shown.stats['node-stats']['from1']).toMatchObject({ collected: 3, emitted: 2 });
    expect(shown.stats['node-stats']['alert2']).toMatchObject({ collected: 2, emitted: 0, alerts_triggered: 2, crits_triggered: 2 });
    expect(shown.dot).toContain('stream0 -> from1 [processed="3"];');
    expect(shown.dot).toContain('from1 -> alert2 [processed="2"];');
    expect(await server.stop()).toBe(0);

    server = await startServe(data, []);
    await write(server.url, 'cpu usage=99 4000000000');
    const ids = await loggedIds(log, 3);
    const clusterId = readFileSync(join(data, 'cluster.id'), 'utf8').trim();
    const serverId = readFileSync(join(data, 'server.id'), 'utf8').trim();
    expect(clusterId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids).toEqual([first, first, first]);
    expect(first).toBe(`${clusterId}|${serverId}|localhost`);
    expect(await server.stop()).toBe(0);
  });
});
