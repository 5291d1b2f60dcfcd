import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLines } from '@vigil/line-protocol';
import { repositoryRoot, startProcess, withoutServerIds } from '@vigil/testing';
import { kapacitorCliOrWarn } from '../standalone/support/kapacitor-cli';
import { useServeFixture } from '../standalone/support/serve-fixture';
import { exampleFile, lines } from './support/examples';

const cli = kapacitorCliOrWarn();
const expected = lines(exampleFile('cpu-tutorial', 'expected.jsonl'));

interface AlertJson {
  readonly id: string;
  readonly level: string;
  readonly time: string;
  readonly duration: number;
  readonly previousLevel: string;
  readonly data: { readonly series: readonly { readonly tags: Readonly<Record<string, string>> }[] };
}

/**
 * The tutorial's rule worked out by hand: one group (no groupBy), CRITICAL when int(usage_idle) <
 * 95, and no `.stateChangesOnly()`, so every CRITICAL point is an event and so is the first OK
 * after one (alert.go's handleState sends non-OK levels and recoveries).
 */
function tutorialEvents(): string[][] {
  const events: string[][] = [];
  let previous = 'OK';
  let since = 0n;
  for (const point of parseLines(exampleFile('cpu-tutorial', 'cpu.lp')).points) {
    const level = Math.trunc(Number(point.fields['usage_idle'])) < 95 ? 'CRITICAL' : 'OK';
    if (previous === 'OK' && level !== 'OK') since = point.time;
    if (level !== 'OK' || previous !== 'OK') {
      const time = new Date(Number(point.time / 1_000_000n)).toISOString().replace('.000Z', 'Z');
      events.push(['cpu:nil', level, point.tags['cpu'] ?? '', time, String(point.time - since), previous]);
    }
    previous = level;
  }
  return events;
}

/** A replayed line with its time (shifted to the replay's start) put back to the recorded one. */
function unshifted(line: string, recorded: string): string {
  const recordedTime = (JSON.parse(recorded) as AlertJson).time;
  return line.split((JSON.parse(line) as AlertJson).time).join(recordedTime);
}

/**
 * examples/cpu-tutorial (shared seed 001): run.sh drives the real kapacitor 1.5.9 CLI against vigil
 * serve through the tutorial (define, list, show, record stream while points are written, replay
 * through the disabled task, enable, the next minute's points), and the log file holds the five
 * expected lines twice: from the replay with times shifted to the replay's start, then from the
 * live task with the points' own times, a minute after the recorded ones.
 */
describe('examples/cpu-tutorial', () => {
  const fixture = useServeFixture('example-cpu-tutorial');

  it('expects the events the tutorial rule gives when worked out by hand', () => {
    const alerts = expected.map((line) => JSON.parse(line) as AlertJson);
    expect(alerts.map((a) => [a.id, a.level, a.data.series[0]?.tags['cpu'] ?? '', a.time, String(a.duration), a.previousLevel])).toEqual(tutorialEvents());
  });

  it.skipIf('unavailable' in cli)('runs the tutorial with the kapacitor CLI and logs the expected lines', async () => {
    // The task logs outside the data folder, which vigil serve allows only when told.
    const serve = await fixture.serve(['--handlers-config', fixture.file('handlers.json', JSON.stringify({ log: { allow: [fixture.dir()] } }))]);
    const log = join(fixture.dir(), 'alerts.log');
    const run = startProcess('bash', [join(repositoryRoot(), 'examples/cpu-tutorial/run.sh')], {
      cwd: fixture.dir(),
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], KAPACITOR: 'binary' in cli ? cli.binary : '', KAPACITOR_URL: serve.url, ALERTS_LOG: log },
    });
    const code = await run.exited;
    expect(code, `run.sh printed:\n${run.output()}`).toBe(0);
    const transcript = run.stdout();

    const row = (status: string, executing: string): string => `cpu_alert stream    ${status.padEnd(10)}${executing.padEnd(10)}["telegraf"."autogen"]`;
    expect(transcript).toContain(`list tasks\nID        Type      Status    Executing Databases and Retention Policies\n${row('disabled', 'false')}\n`);
    expect(transcript).toContain(`list tasks\nID        Type      Status    Executing Databases and Retention Policies\n${row('enabled', 'true')}\n`);
    const script = exampleFile('cpu-tutorial', 'cpu_alert.tick').replace("'/tmp/alerts.log'", `'${log}'`);
    expect(transcript).toContain(
      `Type: stream\nStatus: disabled\nExecuting: false\n` +
        /Created: .*\nModified: .*\n/.exec(transcript)?.[0] +
        `LastEnabled: 01 Jan 01 00:00 UTC\nDatabases Retention Policies: ["telegraf"."autogen"]\nTICKscript:\n${script}\nDOT:\ndigraph cpu_alert {\nstream0 -> from1;\nfrom1 -> alert2;\n}\n`,
    );
    expect(transcript).toMatch(/ stream  finished  \d+ B /);

    // The server renders its ClusterID and ServerID in the default details; expected.jsonl, worked out without a server, has them empty.
    const logged = lines(readFileSync(log, 'utf8')).map(withoutServerIds);
    expect(logged).toHaveLength(2 * expected.length);
    expect(logged.slice(0, expected.length).map((line, i) => unshifted(line, expected[i] ?? '{}'))).toEqual(expected);
    // Shifted: the replay's times are not the recorded ones.
    expect(logged[0]).not.toBe(expected[0]);
    // Live: the points' own times, a minute after the recorded ones.
    const live = logged.slice(expected.length);
    expect(live.map((line) => Date.parse((JSON.parse(line) as AlertJson).time))).toEqual(expected.map((line) => Date.parse((JSON.parse(line) as AlertJson).time) + 60_000));
    expect(live.map((line, i) => unshifted(line, expected[i] ?? '{}'))).toEqual(expected);
    expect(await serve.stop()).toBe(0);
  });
});
