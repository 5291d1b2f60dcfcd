import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repositoryRoot, startProcess, waitFor } from '@vigil/testing';
import { useServeFixture } from './support/serve-fixture';

const TASK = (endpoint: string): string => `dbrp "vigil"."autogen"

stream
  |from()
    .measurement('cpu')
  |httpPost()
    .endpoint('${endpoint}')
    .header('X-Team', 'ops')
`;

/**
 * Issue 13: `|httpPost().endpoint()` through `vigil serve`, to a real HTTP receiver: each point
 * goes to the URL of post.endpoints.<name> of `--handlers-config` (a template over the row), with
 * the endpoint's headers, its basic auth and the node's own header; a task naming an endpoint the
 * file lacks stops the start.
 */
describe('vigil serve: httpPost to a configured endpoint', () => {
  const fixture = useServeFixture('http-post-endpoint');
  const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts every point with the endpoint URL, headers and basic auth', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const taskFile = fixture.file('to_metrics.tick', TASK('metrics'));
    const config = fixture.file('handlers.json', JSON.stringify({ post: { endpoints: { metrics: { url: `${origin}/in/{{ .Name }}/{{ index .Tags "host" }}`, headers: { 'X-Team': 'platform', 'X-Source': 'vigil' }, basicAuth: { username: 'kap', password: 'endpoint-pass' } } } } }));
    const serve = await fixture.serve(['--task', taskFile, '--handlers-config', config]);
    const lines = 'cpu,host=a usage=1 1700000000000000000\ncpu,host=b usage=2 1700000001000000000\n';
    expect((await fetch(`${serve.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: lines })).status).toBe(204);
    await waitFor(() => received.length >= 2, { timeoutMs: 30_000, what: 'two posts at the endpoint' });
    expect(await serve.stop()).toBe(0);
    expect(received.map((post) => post.url)).toEqual(['/in/cpu/a', '/in/cpu/b']);
    expect(received[0]?.body).toBe('{"series":[{"name":"cpu","tags":{"host":"a"},"columns":["time","usage"],"values":[["2023-11-14T22:13:20Z",1]]}]}\n');
    for (const post of received) {
      expect(post.headers).toMatchObject({ authorization: 'Basic ' + Buffer.from('kap:endpoint-pass').toString('base64'), 'content-type': 'application/json', 'x-source': 'vigil', 'x-team': 'ops' });
    }
  });

  it('refuses to start with a task naming an endpoint the configuration lacks', async () => {
    const taskFile = fixture.file('to_nowhere.tick', TASK('metric'));
    const config = fixture.file('handlers-other.json', JSON.stringify({ post: { endpoints: { metrics: { url: 'http://127.0.0.1:1/in' } } } }));
    const root = repositoryRoot();
    const run = startProcess('bash', [join(root, 'tools/node24/run.sh'), join(root, 'tools/bin/vigil.cjs'), 'serve', '--data', join(fixture.dir(), 'data-refused'), '--port', '0', '--task', taskFile, '--handlers-config', config], {
      cwd: root,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'] },
    });
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/to_nowhere\.tick:7:6: http_post2: endpoint 'metric' does not exist: add post\.endpoints\.metric \(url, headers, basicAuth\) to the handler configuration \(configured: metrics\)/);
  });
});
