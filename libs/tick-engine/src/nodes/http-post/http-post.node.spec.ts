import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DBRP, lines, Recorder, run } from '../../testing/script-harness.test';
import { createTaskFromScript } from '../../task/create-task-from-script';
import { createEngineRegistry } from '../node-registry';
import type { HttpPostEndpoint } from './http-post-endpoint';

interface Received {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A real HTTP server answering each request with the next status (200 once they run out). */
async function server(statuses: number[] = []): Promise<{ base: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const srv = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body });
      response.statusCode = statuses.shift() ?? 200;
      response.end(response.statusCode === 200 ? '' : 'quota exceeded');
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, received, server: srv };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('httpPost node', () => {
  it("posts each point as Kapacitor's JSON, in order, to the rendered URL, and passes it on", async () => {
    const { base, received, server: srv } = await server();
    const recorder = run(`stream|from()|httpPost('${base}/{{.Name}}/{{index .Tags "host"}}').header('X-Team', 'ops')|httpOut('out')`, 'cpu,host=a v=1.5,s="x<y" 1\ncpu,host=b v=2i 2');
    expect(recorder.outPoints()).toHaveLength(2);
    await until(() => received.length === 2);
    srv.close();
    expect(received.map((request) => request.url)).toEqual(['/cpu/a', '/cpu/b']);
    expect(received[0]?.body).toBe('{"series":[{"name":"cpu","tags":{"host":"a"},"columns":["time","s","v"],"values":[["1970-01-01T00:00:01Z","x\\u003cy",1.5]]}]}\n');
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(received[0]?.headers['x-team']).toBe('ops');
  });

  it('posts a batch as one row with the group tags', async () => {
    const { base, received, server: srv } = await server();
    run(`stream|from().groupBy('host')|window().period(2s).every(2s).align()|httpPost('${base}')|httpOut('out')`, 'cpu,host=a v=1 0\ncpu,host=a v=2 1\ncpu,host=a v=3 2');
    await until(() => received.length === 1);
    srv.close();
    expect(received[0]?.body).toBe(
      '{"series":[{"name":"cpu","tags":{"host":"a"},"columns":["time","v"],"values":[["1970-01-01T00:00:00Z",1],["1970-01-01T00:00:01Z",2]]}]}\n',
    );
  });

  it('logs a status other than 2xx, with the body under captureResponse, and does not retry', async () => {
    const { base, received, server: srv } = await server([429, 500]);
    const recorder = run(`stream|from()|httpPost('${base}').captureResponse()|httpOut('out')`, 'cpu v=1 1\ncpu v=2 2\ncpu v=3 3');
    await until(() => received.length === 3 && recorder.logs.length === 2);
    srv.close();
    expect(recorder.logs.map((entry) => entry.message)).toEqual([
      'POST returned non 2xx status code: quota exceeded (code=429)',
      'POST returned non 2xx status code: quota exceeded (code=500)',
    ]);
  });

  it('logs a post that cannot connect and passes the point on', async () => {
    const { base, server: srv } = await server();
    srv.close();
    const recorder = run(`stream|from()|httpPost('${base}')|httpOut('out')`, 'cpu v=1 1');
    expect(recorder.outPoints()).toHaveLength(1);
    await until(() => recorder.logs.length === 1);
    expect(recorder.logs[0]?.message).toMatch(/^failed to POST data: /);
  });
});

describe('httpPost node with .endpoint()', () => {
  /** Runs a script whose registry knows these endpoints, as a host with post.endpoints builds it. */
  function runWith(endpoints: Record<string, HttpPostEndpoint>, script: string, input: string): Recorder {
    const recorder = new Recorder();
    const registry = createEngineRegistry({}, undefined, new Map(Object.entries(endpoints)));
    const { now, emitEvent, emitPoint, log, publish, taskName } = recorder;
    const task = createTaskFromScript(DBRP + script, { taskName, now, emitEvent, emitPoint, log, publish, registry });
    for (const point of lines(input)) task.write(point);
    return recorder;
  }

  it("posts to the endpoint's URL template with its headers and basic auth, the node's headers last", async () => {
    const { base, received, server: srv } = await server();
    const endpoint = { url: `${base}/ingest/{{.Name}}`, headers: { 'X-Team': 'platform', 'X-Source': 'vigil' }, basicAuth: { username: 'kap', password: 's3cret-pass' } };
    const recorder = runWith({ metrics: endpoint }, "stream|from()|httpPost().endpoint('metrics').header('X-Team', 'ops')|httpOut('out')", 'cpu,host=a v=1 1');
    expect(recorder.outPoints()).toHaveLength(1);
    await until(() => received.length === 1);
    srv.close();
    expect(received[0]?.url).toBe('/ingest/cpu');
    expect(received[0]?.body).toBe('{"series":[{"name":"cpu","tags":{"host":"a"},"columns":["time","v"],"values":[["1970-01-01T00:00:01Z",1]]}]}\n');
    expect(received[0]?.headers).toMatchObject({
      authorization: 'Basic ' + Buffer.from('kap:s3cret-pass').toString('base64'),
      'content-type': 'application/json',
      'x-source': 'vigil',
      'x-team': 'ops',
    });
  });

  it('passes points on and logs each post when the endpoint is not configured in this process', () => {
    const recorder = runWith({}, "stream|from()|httpPost().endpoint('nope')|httpOut('out')", 'cpu v=1 1\ncpu v=2 2');
    expect(recorder.outPoints()).toHaveLength(2);
    expect(recorder.logs.map((entry) => entry.message)).toEqual(["failed to POST data: endpoint 'nope' does not exist", "failed to POST data: endpoint 'nope' does not exist"]);
  });

  it("never logs the endpoint's URL, header values or credentials", async () => {
    // fetch refuses a URL with user info, quoting the URL in its error.
    const endpoint = { url: 'http://user:url-secret@127.0.0.1:1/?token=query-secret', headers: { 'X-Api-Key': 'header-secret' }, basicAuth: { username: 'kap', password: 'auth-secret' } };
    const recorder = runWith({ metrics: endpoint }, "stream|from()|httpPost().endpoint('metrics')|httpOut('out')", 'cpu v=1 1');
    await until(() => recorder.logs.length === 1);
    const message = recorder.logs[0]?.message ?? '';
    expect(message).toMatch(/^failed to POST data: /);
    for (const secret of ['url-secret', 'query-secret', 'header-secret', 'auth-secret', Buffer.from('kap:auth-secret').toString('base64')]) expect(message).not.toContain(secret);
  });
});
