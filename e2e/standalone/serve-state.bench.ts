/**
 * What state costs `vigil serve` as groups grow (issue 10, item 5, serve's half): for each group
 * count, a backlog of seed-task points over that many groups (every group once, then spread by a
 * multiplicative hash) is written to a server without tasks, then a server with the seed task and
 * a small idle window (--group-idle-batches) evaluates it in its production steps (8 MiB). Prints
 * points/s of the evaluation, bytes the process wrote per step beyond the point and event logs
 * (the state database and its WAL) and per group entry the steps wrote (a changed group), the peak
 * RSS (VmHWM), and the time a server SIGKILLed at the end takes to restore and listen again.
 * Run: `npm run bench -- serve-state`, or
 *   bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions @vigil/source e2e/standalone/serve-state.bench.ts [groups,groups,...] [points per group] [idle batches]
 * The 1M-group run writes ~2M points (about 250 MiB of point log) and takes minutes: a bench, never a test.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpGet, PROVIDER_HEALTH_TICK, waitFor } from '@vigil/testing';
import { startServe } from './support/standalone-process';

const LINES_PER_BODY = 5_000;
const STEP_BYTES = 8 * 1024 * 1024;
/** 1 TiB: far beyond any backlog written here. */
const KEEP_WHOLE_BACKLOG = 2 ** 40;

interface Figures {
  readonly groups: number;
  readonly points: number;
  readonly rate: number;
  readonly steps: number;
  readonly stateBytesPerStep: number;
  /** Group entries the saves wrote (groups changed by a step), from vigil_evaluator_groups_moved_total. */
  readonly groupsWritten: number;
  /** state.db and its WAL at the end: the WAL holds about one step's changed pages. */
  readonly databaseBytes: number;
  readonly walBytes: number;
  readonly peakRss: number;
  readonly restoreSeconds: number;
}

function body(from: number, count: number, groups: number): string {
  const lines: string[] = [];
  for (let n = from; n < from + count; n++) {
    const g = n < groups ? n : Number((BigInt(n) * 2_654_435_761n) % BigInt(groups));
    const failing = (n >> 4) % 13 === 5 ? 0 : 1;
    lines.push(`performance_influx,nome_provedor=p${g % 5},nome_recurso=r${Math.floor(g / 5)} latencia=${n % 300},sucesso=${failing}i ${1_684_713_065_000_000_000n + BigInt(n) * 1_000_000n}`);
  }
  return lines.join('\n');
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((entry) => entry.startsWith(name));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const writeBytes = (pid: number): number => Number(/write_bytes: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
const peakRss = (pid: number): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
const folderBytes = (folder: string): number => readdirSync(folder).reduce((sum, name) => sum + statSync(join(folder, name)).size, 0);

async function measure(groups: number, perGroup: number, idleBatches: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-state-'));
  const data = join(dir, 'data');
  const taskFile = join(dir, 'provider_health.tick');
  // Without its handler: every new group's first event would be a delivery, which is not what this measures.
  writeFileSync(taskFile, PROVIDER_HEALTH_TICK.replace("\n        .post('http://localhost:9000/alerts')", ''));
  const total = groups * perGroup;
  try {
    // Without tasks the writer checkpoints the log end, and its retention would delete the backlog as it grows.
    const writer = await startServe(data, ['--point-retention-bytes', String(KEEP_WHOLE_BACKLOG)]);
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < total) {
          const from = next;
          next += LINES_PER_BODY;
          const response = await fetch(`${writer.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: body(from, Math.min(LINES_PER_BODY, total - from), groups) });
          if (response.status !== 204) throw new Error(`write answered ${response.status}: ${await response.text()}`);
        }
      }),
    );
    await writer.stop();
    // A server without tasks still checkpoints its position at the log end: forget it (and the
    // witness, or the next start would rightly rebuild it), so the backlog is evaluated from offset 0.
    for (const name of ['state.db', 'state.db-wal', 'state.db-shm', 'evaluated-position.json']) rmSync(join(data, name), { force: true });
    const pointLogBytes = folderBytes(join(data, 'points'));
    const eventsBefore = folderBytes(join(data, 'events'));

    const evaluator = await startServe(data, ['--task', taskFile, '--group-idle-batches', String(idleBatches)]);
    const started = performance.now();
    const writtenBefore = writeBytes(evaluator.serverPid);
    await waitFor(async () => metric((await httpGet(`${evaluator.url}/metrics`)).body, 'vigil_evaluator_task_points_total{task="provider_health"') >= total || undefined, {
      timeoutMs: 3_600_000,
      intervalMs: 250,
      what: 'every point evaluated',
    });
    const seconds = (performance.now() - started) / 1000;
    const written = writeBytes(evaluator.serverPid) - writtenBefore - (folderBytes(join(data, 'events')) - eventsBefore);
    const groupsWritten = metric((await httpGet(`${evaluator.url}/metrics`)).body, 'vigil_evaluator_groups_moved_total{direction="written"');
    const [databaseBytes, walBytes] = ['state.db', 'state.db-wal'].map((name) => statSync(join(data, name), { throwIfNoEntry: false })?.size ?? 0) as [number, number];
    const peak = peakRss(evaluator.serverPid);
    await evaluator.kill();

    const restarting = performance.now();
    const restored = await startServe(data, ['--task', taskFile, '--group-idle-batches', String(idleBatches)]);
    const restoreSeconds = (performance.now() - restarting) / 1000;
    await restored.stop();
    const steps = Math.ceil(pointLogBytes / STEP_BYTES);
    return { groups, points: total, rate: total / seconds, steps, stateBytesPerStep: written / steps, groupsWritten, databaseBytes, walBytes, peakRss: peak, restoreSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const groupCounts = (process.argv[2] ?? '10000,100000,1000000').split(',').map(Number);
  const perGroup = Number(process.argv[3] ?? 2);
  const idleBatches = Number(process.argv[4] ?? 4);
  const rows: Figures[] = [];
  for (const groups of groupCounts) rows.push(await measure(groups, perGroup, idleBatches));
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.log(`vigil serve, seed task, ${perGroup} points per group, --group-idle-batches ${idleBatches}, 8 MiB steps (restore: spawn to listening, includes the launcher's Node start)`);
  console.table(
    rows.map((row) => ({
      groups: row.groups,
      points: row.points,
      'evaluated points/s': Math.round(row.rate),
      steps: row.steps,
      'state MiB written per step': mib(row.stateBytesPerStep),
      'changed groups per step': Math.round(row.groupsWritten / row.steps),
      'state bytes per changed group': row.groupsWritten > 0 ? Math.round((row.stateBytesPerStep * row.steps) / row.groupsWritten) : 0,
      'state.db / WAL MiB': `${mib(row.databaseBytes)} / ${mib(row.walBytes)}`,
      'peak RSS MiB': mib(row.peakRss),
      'restore after SIGKILL s': row.restoreSeconds.toFixed(1),
    })),
  );
  const first = rows[0];
  const last = rows.at(-1);
  if (first && last && last !== first) console.log(`rate ${last.groups}/${first.groups} groups: ${(last.rate / first.rate).toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
