import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repositoryRoot, startProcess, waitFor } from '@vigil/testing';
import { seedGolden } from './support/seed-golden';
import { useServeFixture } from './support/serve-fixture';

/** A receiver that keeps every POST's path and body, answering 200 (PagerDuty's and Alertmanager's APIs in one). */
class RecordingReceiver {
  readonly posts: { readonly path: string; readonly body: string }[] = [];
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.posts.push({ path: request.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  bodies(path: string): string[] {
    return this.posts.filter((post) => post.path === path).map((post) => post.body);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Issue 13: `.pagerDuty2().link()` and `.alertmanager().url().labels()` through `vigil serve`, to
 * a real HTTP receiver. The seed task's `.post()` becomes both handlers: PagerDuty gets each event
 * with its links rendered from the alert data (`services/pagerduty2`), the Alertmanager named in
 * the script (its origin listed in post.allowedOrigins) gets each alert labelled with only the tag
 * `.labels()` names. A script URL whose origin is not listed stops the start at the handler call.
 */
describe('vigil serve: pagerDuty2 links and a script-named Alertmanager', () => {
  const fixture = useServeFixture('pd2-am');
  const receiver = new RecordingReceiver();
  afterAll(() => receiver.stop());

  const handlersOf = (origin: string): string =>
    `.pagerDuty2().link('https://grafana.example.com/d/{{ index .Tags "nome_provedor" }}?level={{ .Level }}', 'Provider {{ index .Tags "nome_provedor" }}').link('https://runbooks.example.com/{{ .ID }}')` +
    `.alertmanager().url('${origin}/am').labels('nome_provedor')`;

  it('sends each event to both, with the links and labels the script asks for', async () => {
    const origin = await receiver.start();
    const seed = seedGolden('http://unused.invalid/alerts');
    const post = ".post('http://unused.invalid/alerts')";
    const taskFile = fixture.file('provider_health.tick', seed.task.replace(post, handlersOf(origin)));
    const config = fixture.file('handlers.json', JSON.stringify({ pagerDuty2: { routingKey: 'pd-routing-key', url: `${origin}/v2/enqueue` }, post: { allowedOrigins: [origin] } }));
    const serve = await fixture.serve(['--task', taskFile, '--handlers-config', config]);
    expect((await fetch(`${serve.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: seed.lines })).status).toBe(204);
    const expected = seed.expected.map((json) => JSON.parse(json) as { id: string; level: string; data: { series: { tags: Record<string, string> }[] } });
    const alertsSent = (): number => receiver.bodies('/am/api/v2/alerts').reduce((sum, body) => sum + (JSON.parse(body) as unknown[]).length, 0);
    await waitFor(() => receiver.bodies('/v2/enqueue').length >= expected.length && alertsSent() >= expected.length, { timeoutMs: 30_000, what: 'every event at PagerDuty and Alertmanager' });
    expect(await serve.stop()).toBe(0);

    const pagerDuty = receiver.bodies('/v2/enqueue').map((body) => JSON.parse(body) as { dedup_key: string; links: unknown });
    expect(pagerDuty).toHaveLength(expected.length);
    // Sent in event order per alert id; compare as sorted lists, since the two ids interleave freely.
    const wantedLinks = expected.map((event) => {
      const provider = event.data.series[0]?.tags['nome_provedor'] ?? '';
      return JSON.stringify({
        dedup_key: event.id,
        links: [
          { href: `https://grafana.example.com/d/${provider}?level=${event.level}`, text: `Provider ${provider}` },
          { href: `https://runbooks.example.com/${event.id}`, text: `https://runbooks.example.com/${event.id}` },
        ],
      });
    });
    expect(pagerDuty.map((body) => JSON.stringify({ dedup_key: body.dedup_key, links: body.links })).sort()).toEqual(wantedLinks.sort());

    const alerts = receiver.bodies('/am/api/v2/alerts').flatMap((body) => JSON.parse(body) as { labels: Record<string, string> }[]);
    expect(alerts).toHaveLength(expected.length);
    const wantedLabels = expected.map((event) => JSON.stringify({ alertname: event.id, level: event.level, nome_provedor: event.data.series[0]?.tags['nome_provedor'], task: 'provider_health' }));
    const labelsOf = (labels: Record<string, string>): string => JSON.stringify({ alertname: labels['alertname'], level: labels['level'], nome_provedor: labels['nome_provedor'], task: labels['task'] });
    expect(alerts.map((alert) => labelsOf(alert.labels)).sort()).toEqual(wantedLabels.sort());
    // Only the tag .labels() names: nome_recurso is left out.
    expect(alerts.every((alert) => Object.keys(alert.labels).sort().join(',') === 'alertname,level,nome_provedor,task')).toBe(true);
  });

  it('refuses to start with an .alertmanager().url() whose origin post.allowedOrigins does not list', async () => {
    const seed = seedGolden('http://unused.invalid/alerts');
    const taskFile = fixture.file('am_elsewhere.tick', seed.task.replace(".post('http://unused.invalid/alerts')", ".alertmanager().url('http://am.elsewhere.example:9093')"));
    const config = fixture.file('handlers-no-origin.json', JSON.stringify({ post: { allowedOrigins: ['https://hooks.example.com'] } }));
    const root = repositoryRoot();
    const run = startProcess('bash', [join(root, 'tools/node24/run.sh'), join(root, 'tools/bin/vigil.cjs'), 'serve', '--data', join(fixture.dir(), 'data-refused'), '--port', '0', '--task', taskFile, '--handlers-config', config], {
      cwd: root,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'] },
    });
    // 2: a task it cannot run, as for an .exec() the allowlist refuses (1 is a bad configuration).
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/am_elsewhere\.tick:\d+:\d+: .*\.alertmanager\(\)\.url\(\) to http:\/\/am\.elsewhere\.example:9093 is not allowed: add "http:\/\/am\.elsewhere\.example:9093" to post\.allowedOrigins/);
  });
});
