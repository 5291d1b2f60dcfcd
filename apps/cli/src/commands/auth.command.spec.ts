import { parseCredentials } from '@vigil/http-access';
import { UsageError } from '../args/parse-args';
import { runAuth } from './auth.command';
import type { CommandIo } from './command-io';

function capture(): { io: CommandIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (text) => out.push(text), stderr: (text) => err.push(text), stderrIsTerminal: false, nowMs: () => 0 }, out, err };
}

describe('vigil auth', () => {
  it('token prints a new token once and a credentials entry that accepts it', () => {
    const { io, out } = capture();
    expect(runAuth(['token', '--name', 'telegraf', '--permissions', 'write-points,read-tasks'], io)).toBe(0);
    const token = /^token: (\S+)\n$/.exec(out[0] ?? '')?.[1];
    expect(token).toBeDefined();
    const [credential] = parseCredentials(JSON.stringify({ credentials: [JSON.parse(out[1] ?? '')] }), 'printed');
    expect(credential?.name).toBe('telegraf');
    expect([...(credential?.permissions ?? [])]).toEqual(['write-points', 'read-tasks']);
    expect(credential?.token?.matches(token ?? '')).toBe(true);
    expect(out[1]).not.toContain(token);
  });

  it('hash reads one line from stdin and prints a hash that matches it', () => {
    const { io, out } = capture();
    expect(runAuth(['hash'], io, () => 's3cret\n')).toBe(0);
    const [credential] = parseCredentials(JSON.stringify({ credentials: [{ name: 'ops', username: 'ops', password: out[0]?.trim(), permissions: ['admin'] }] }), 'printed');
    expect(out[0]).toMatch(/^scrypt\$/);
    expect(credential?.password?.matches('s3cret')).toBe(true);
  });

  it('refuses unknown permissions and an empty secret', () => {
    const { io } = capture();
    expect(() => runAuth(['token', '--name', 'x', '--permissions', 'root'], io)).toThrow(new UsageError('unknown permission root; known: write-points, read-tasks, write-tasks, read-alerts, write-alerts, replay-dead-letters, read-metrics, admin'));
    expect(() => runAuth(['hash'], io, () => '\n')).toThrow(/was empty/);
    expect(() => runAuth(['nothing'], io)).toThrow(UsageError);
  });
});
