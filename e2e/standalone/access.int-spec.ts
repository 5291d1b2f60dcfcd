import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashSecret } from '@vigil/http-access';
import { makeTestCertificates } from '@vigil/testing';
import { kapacitorCli } from './support/kapacitor-cli';
import { useServeFixture } from './support/serve-fixture';

const run = promisify(execFile);
const cli = kapacitorCli();

/** The real kapacitor CLI with Go's CA bundle variable (the CLI has no CA flag); never rejects. */
async function kapacitor(binary: string, url: string, args: readonly string[], caFile?: string): Promise<{ code: number; out: string }> {
  const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], ...(caFile === undefined ? {} : { SSL_CERT_FILE: caFile }) };
  return run(binary, ['-url', url, ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, out: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );
}

/** curl's status code and body; `args` go before the URL. */
async function curl(url: string, args: readonly string[] = []): Promise<{ status: number; body: string }> {
  const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', ...args, url]);
  const newline = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(newline + 1)), body: stdout.slice(0, newline) };
}

const execTask = (file: string) =>
  JSON.stringify({
    id: 'owned',
    type: 'stream',
    dbrps: [{ db: 'telegraf', rp: 'autogen' }],
    status: 'enabled',
    script: `stream\n  |from().measurement('cpu')\n  |alert()\n    .crit(lambda: TRUE)\n    .exec('/usr/bin/touch', '${file}')\n`,
  });

/**
 * Who may reach `vigil serve`: the cross-site attack that defined an `.exec()` task is refused,
 * a server beyond loopback needs credentials, and with credentials every route asks for its
 * permission, over HTTPS that curl verifies against the test CA.
 */
describe('vigil serve access', () => {
  const fixture = useServeFixture('access');

  it('refuses to listen on 0.0.0.0 without credentials, and says what to do', async () => {
    const refused = await fixture.serve(['--host', '0.0.0.0'], 'open-data').then(
      () => 'listening',
      (error: Error) => error.message,
    );
    expect(refused).toContain('vigil serve exited with 1 before listening');
    expect(refused).toContain('vigil serve will not listen on 0.0.0.0 without credentials');
    expect(refused).toContain('--auth-file FILE');
    expect(refused).toContain('--insecure');
  });

  it('refuses the cross-site text/plain POST that defined an .exec() task; no task exists and nothing runs', async () => {
    const server = await fixture.serve([], 'loopback-data');
    const touched = join(fixture.dir(), 'owned');
    const tasks = `${server.url}/kapacitor/v1/tasks`;
    const crossSite = await fetch(tasks, { method: 'POST', body: execTask(touched), headers: { 'Content-Type': 'text/plain', Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' } });
    expect([crossSite.status, await crossSite.json()]).toEqual([403, { error: 'requests from other sites (Sec-Fetch-Site: cross-site) are refused' }]);
    const plain = await fetch(tasks, { method: 'POST', body: execTask(touched), headers: { 'Content-Type': 'text/plain' } });
    expect(plain.status).toBe(415);
    const rebound = await curl(tasks, ['-X', 'POST', '-H', 'Content-Type: application/json', '-H', 'Host: rebound.evil.example', '--data', execTask(touched)]);
    expect(rebound.status).toBe(403);
    expect(await (await fetch(tasks)).json()).toEqual({ tasks: [] });
    expect((await fetch(`${server.url}/write?db=telegraf&rp=autogen&precision=s`, { method: 'POST', body: 'cpu v=1 1700000000\n' })).status).toBe(204);
    expect(await server.stop()).toBe(0);
    expect(existsSync(touched)).toBe(false);
  });

  it.skipIf('unavailable' in cli)('the real kapacitor CLI defines and lists tasks over HTTPS with user credentials, and a writer credential cannot', async () => {
    const binary = 'binary' in cli ? cli.binary : '';
    const certificates = makeTestCertificates(join(fixture.dir(), 'cli-tls'));
    const credentials = fixture.file(
      'cli-auth.json',
      JSON.stringify({
        credentials: [
          { name: 'ops', username: 'ops', password: hashSecret('ops-password', 'scrypt'), permissions: ['read-tasks', 'write-tasks'] },
          { name: 'telegraf', username: 'telegraf', password: hashSecret('writer-password', 'scrypt'), permissions: ['write-points'] },
        ],
      }),
    );
    const server = await fixture.serve(['--auth-file', credentials, '--tls-cert', certificates.certFile, '--tls-key', certificates.keyFile], 'cli-data');
    const port = new URL(server.url).port;
    const script = fixture.file('cpu.tick', "stream\n  |from().measurement('cpu')\n  |alert()\n    .crit(lambda: \"v\" > 10)\n");
    const ops = `https://ops:ops-password@127.0.0.1:${port}`;
    const writer = `https://telegraf:writer-password@127.0.0.1:${port}`;

    // Without the CA, Go refuses the certificate; with it, the same command works.
    const unverified = await kapacitor(binary, ops, ['list', 'tasks']);
    expect(unverified.code).not.toBe(0);
    expect(unverified.out).toMatch(/certificate/);
    expect(await kapacitor(binary, ops, ['define', 'cpu', '-tick', script, '-dbrp', 'telegraf.autogen'], certificates.caFile)).toEqual({ code: 0, out: '' });
    const listed = await kapacitor(binary, ops, ['list', 'tasks'], certificates.caFile);
    expect(listed.code).toBe(0);
    expect(listed.out.split('\n').slice(1, 2)).toEqual([expect.stringMatching(/^cpu +stream +disabled +false +\["telegraf"\."autogen"\]$/)]);
    const refused = await kapacitor(binary, writer, ['define', 'cpu2', '-tick', script, '-dbrp', 'telegraf.autogen'], certificates.caFile);
    expect(refused).toEqual({ code: 3, out: 'credential telegraf does not have the write-tasks permission for POST /kapacitor/v1/tasks\n' });
    const wrongPassword = await kapacitor(binary, `https://ops:nope@127.0.0.1:${port}`, ['list', 'tasks'], certificates.caFile);
    expect(wrongPassword).toEqual({ code: 3, out: 'authorization failed\n' });
    expect(await server.stop()).toBe(0);
  });

  it('with credentials over HTTPS: writes need write-points, tasks need their permission, probes stay open', async () => {
    const certificates = makeTestCertificates(join(fixture.dir(), 'tls'));
    const credentials = fixture.file(
      'auth.json',
      JSON.stringify({
        credentials: [
          { name: 'telegraf', token: hashSecret('writer-secret', 'sha256'), permissions: ['write-points'] },
          { name: 'ops', username: 'ops', password: hashSecret('ops-password', 'scrypt'), permissions: ['admin'] },
        ],
      }),
    );
    const server = await fixture.serve(['--host', '0.0.0.0', '--auth-file', credentials, '--tls-cert', certificates.certFile, '--tls-key', certificates.keyFile], 'secured-data');
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = ['--cacert', certificates.caFile];
    const writeUrl = `${server.url}/write?db=telegraf&rp=autogen&precision=s`;

    // An unverified certificate is refused by curl; the test CA makes it verifiable.
    await expect(curl(`${server.url}/health/ready`)).rejects.toThrow(/certificate/);
    expect((await curl(`${server.url}/health/live`, ca)).status).toBe(200);
    expect((await curl(`${server.url}/metrics`, ca)).status).toBe(200);

    expect(await curl(writeUrl, [...ca, '--data-binary', 'cpu v=1 1700000000'])).toEqual({ status: 401, body: '{"error":"unable to parse authentication credentials"}' });
    expect((await curl(writeUrl, [...ca, '-H', 'Authorization: Token wrong', '--data-binary', 'cpu v=1 1700000000'])).status).toBe(401);
    expect((await curl(writeUrl, [...ca, '-H', 'Authorization: Token writer-secret', '--data-binary', 'cpu v=1 1700000000'])).status).toBe(204);
    expect((await curl(`${writeUrl}&u=telegraf&p=writer-secret`, [...ca, '--data-binary', 'cpu v=2 1700000001'])).status).toBe(204);

    const tasks = `${server.url}/kapacitor/v1/tasks`;
    const task = JSON.stringify({ id: 'cpu', type: 'stream', dbrps: [{ db: 'telegraf', rp: 'autogen' }], script: "stream\n  |from().measurement('cpu')\n  |alert()\n    .crit(lambda: \"v\" > 10)\n" });
    const json = ['-H', 'Content-Type: application/json'];
    expect(await curl(tasks, [...ca, ...json, '-H', 'Authorization: Bearer writer-secret', '--data', task])).toEqual({
      status: 403,
      body: '{"error":"credential telegraf does not have the write-tasks permission for POST /kapacitor/v1/tasks"}',
    });
    expect((await curl(tasks, [...ca, '-u', 'ops:wrong'])).status).toBe(401);
    expect((await curl(tasks, [...ca, ...json, '-u', 'ops:ops-password', '--data', task])).status).toBe(200);
    const listed = await curl(tasks, [...ca, '-u', 'ops:ops-password']);
    expect(listed.status).toBe(200);
    expect((JSON.parse(listed.body) as { tasks: { id: string }[] }).tasks.map((listedTask) => listedTask.id)).toEqual(['cpu']);
    // No secret reaches the server's output.
    const output = server.process.output();
    expect(output).not.toContain('writer-secret');
    expect(output).not.toContain('ops-password');
    expect(await server.stop()).toBe(0);
  });
});
