import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot, startProcess } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';

/**
 * Issue 11 item 4, corrupt files, as a user meets them: a point log with a damaged record in its
 * middle stops `vigil serve` with the file, the position and the options (exit 3, no stack);
 * `vigil repair` cuts the log at its last good record and says what it dropped; the server then
 * starts on the folder and takes writes at the offsets after the placeholders.
 */
describe('vigil serve and vigil repair on a damaged data folder', () => {
  const fixture = useServeFixture('corrupt');

  async function vigil(...args: string[]): Promise<{ code: number | NodeJS.Signals; stdout: string; output: string }> {
    const root = repositoryRoot();
    const run = startProcess('bash', [join(root, 'tools/node24/run.sh'), join(root, 'tools/bin/vigil.cjs'), ...args], { cwd: root, env: { PATH: process.env['PATH'], HOME: process.env['HOME'] } });
    const code = await run.exited;
    return { code, stdout: run.stdout(), output: run.output() };
  }

  it('refuses a corrupt point-log record with its position and the way forward, and serves again after vigil repair', { timeout: 180_000 }, async () => {
    const data = join(fixture.dir(), 'data');
    const serve = await fixture.serve([], 'data');
    for (const value of [1, 2, 3]) {
      expect((await fetch(`${serve.url}/write?db=telegraf&rp=autogen&precision=s`, { method: 'POST', body: `cpu,host=a usage=${value} 170000000${value}\n` })).status).toBe(204);
    }
    expect(await serve.stop()).toBe(0);

    // The second record damaged in place, as a disk error would leave it.
    const segment = join(data, 'points', '00000000000000000000.log');
    const lines = readFileSync(segment, 'utf8').split('\n');
    expect(lines).toHaveLength(4);
    const position = (lines[0] as string).length + 1;
    writeFileSync(segment, [lines[0], `\u0000\u0000${(lines[1] as string).slice(2)}`, lines[2], ''].join('\n'));

    const refused = await vigil('serve', '--data', data, '--port', '0');
    expect(refused.code).toBe(3);
    expect(refused.output).toContain(`vigil: ${segment}:2 (byte ${position}): corrupt line`);
    expect(refused.output).toContain(`vigil repair --data ${data} --dry-run`);
    expect(refused.output).not.toContain('internal error');
    expect(refused.output).not.toMatch(/\n\s+at /);

    const dry = await vigil('repair', '--data', data, '--dry-run');
    expect(dry.code).toBe(3);
    expect(dry.stdout).toContain(`${segment}: line 2 (byte ${position}): corrupt record`);
    expect(dry.stdout).toContain('dropped 2 records, offsets 1 to 2');

    const repaired = await vigil('repair', '--data', data);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain('repaired: cut the log at its last good record, offset 0');
    const kept = readdirSync(data).filter((name) => name.startsWith('repair-'));
    expect(kept).toHaveLength(1);

    const again = await fixture.serve([], 'data');
    expect((await fetch(`${again.url}/write?db=telegraf&rp=autogen&precision=s`, { method: 'POST', body: 'cpu,host=a usage=4 1700000004\n' })).status).toBe(204);
    expect(await again.stop()).toBe(0);
    // Offsets 1 and 2 hold placeholders; the new record is offset 3.
    expect(readFileSync(segment, 'utf8').split('\n').filter((line) => line.includes('vigil-dropped-by-repair'))).toHaveLength(2);
    expect(readFileSync(segment, 'utf8').split('\n')[3]).toContain('usage=4');
  });
});
