import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIo } from './command-io';
import { runReplay } from './replay.command';

function scratchFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-replay-')), name);
  writeFileSync(path, content);
  return path;
}

function replay(script: string, data: string): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), stderrIsTerminal: false, nowMs: () => 0 };
  const code = runReplay(['--tick', scratchFile('task.tick', script), '--data', scratchFile('data.lp', data)], io);
  // Only --from-serve answers later; a file replay answers at once.
  if (typeof code !== 'number') throw new Error('a replay of files answered a promise');
  return { code, stdout, stderr };
}

describe('vigil replay with events whose data holds NaN or an infinity', () => {
  const script = `stream|from()|eval(lambda: 1.0 / "v").as('r').keep()|alert().id('x').crit(lambda: "v" == 0.0).post('http://a')`;

  it('drops those events, goes on, and says so on stderr', () => {
    const result = replay(script, 'm v=1 1\nm v=0 2\nm v=2 3\nm v=0 4\nm v=3 5\n');
    expect(result.code).toBe(0);
    // The two CRITICAL events (r = +Inf) are dropped; both recoveries are printed.
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { level: string; previousLevel: string });
    expect(events.map((event) => `${event.level}<-${event.previousLevel}`)).toEqual([
      'OK<-CRITICAL',
      'OK<-CRITICAL',
    ]);
    expect(result.stderr).toContain('alert3: failed to marshal alert data json: json: unsupported value: +Inf; alert x (CRITICAL) dropped\n');
    expect(result.stderr).toContain('warning: 2 alert events dropped: the data held NaN or an infinity, which JSON cannot carry (Kapacitor drops them too)\n');
  });

  it('prints no warning when nothing was dropped', () => {
    const result = replay(script, 'm v=1 1\nm v=2 2\n');
    expect(result.stderr).not.toContain('warning');
  });
});

describe('vigil replay of a task that ticks', () => {
  it('raises a deadman alert where the points stop, in the points\' time', () => {
    // A point every 5 s from 0 to 25 s, then one at 60 s: the 10 s rate is first zero at 40 s.
    const data = [0, 5, 10, 15, 20, 25, 60].map((seconds) => `m v=1 ${seconds}000000000`).join('\n');
    const result = replay(`stream|from().measurement('m')|deadman(0.0, 10s).post('http://a')`, data);
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { level: string; time: string });
    expect(events.map((event) => [event.level, event.time])).toEqual([
      ['CRITICAL', '1970-01-01T00:00:40Z'],
      ['CRITICAL', '1970-01-01T00:00:50Z'],
      ['CRITICAL', '1970-01-01T00:01:00Z'],
    ]);
  });
});
