import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { run } from '../../testing/script-harness.test';

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
