import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@vigil/config';
import { defineTasks, SERIES_PARTITION_KEYS, TaskLoadError } from '@vigil/evaluation';
import { allowlistGuard, httpPostEndpointsOf, readHandlerAllowlist } from './handler-allowlist';

const execTask = { name: 'owned', script: "dbrp \"telegraf\".\"autogen\"\nstream\n  |from().measurement('cpu')\n  |alert()\n    .crit(lambda: TRUE)\n    .exec('/usr/bin/touch', '/tmp/x')\n" };

function handlersFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-allowlist-')), 'handlers.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('the evaluator reads the handler allowlist', () => {
  it('refuses an .exec() task at definition when no file lists the program, with its line and column', () => {
    const guard = allowlistGuard(readHandlerAllowlist(undefined, {}));
    let refusal: unknown;
    try {
      defineTasks([execTask], SERIES_PARTITION_KEYS, guard);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(TaskLoadError);
    expect((refusal as Error).message).toMatch(/owned: 6:\d+: .*\.exec\('\/usr\/bin\/touch'\) is not allowed/);
  });

  it('accepts it when the file lists the program, reading only the allowlist and the post endpoints, not the other secrets', () => {
    const path = handlersFile({
      exec: { allow: [{ program: '/usr/bin/touch', args: ['/tmp/[a-z]+'] }] },
      // Sections with secrets are skipped, even when their variables are missing here.
      telegram: { token: 'not-read', chatId: '1' },
      post: { endpoints: { broker: { url: 'http://broker:8080' } }, allowedOrigins: ['https://hooks.example.com'] },
    });
    const allowlist = readHandlerAllowlist(path, { VIGIL_SMTP_PASSWORD: 'ignored' });
    expect(allowlist.telegram).toBeUndefined();
    expect(allowlist.post?.endpoints).toEqual({ broker: { url: 'http://broker:8080' } });
    expect(defineTasks([execTask], SERIES_PARTITION_KEYS, allowlistGuard(allowlist)).map((task) => task.name)).toEqual(['owned']);
  });

  it('gives httpPost nodes the configured endpoints, with credentials from the environment, and refuses an unknown one', () => {
    const path = handlersFile({ post: { endpoints: { metrics: { url: 'http://metrics.internal/in' } } } });
    const allowlist = readHandlerAllowlist(path, { VIGIL_POST_ENDPOINT_METRICS_USERNAME: 'kap', VIGIL_POST_ENDPOINT_METRICS_PASSWORD: 's3cret' });
    expect([...httpPostEndpointsOf(allowlist)]).toEqual([['metrics', { url: 'http://metrics.internal/in', basicAuth: { username: 'kap', password: 's3cret' } }]]);
    const postTask = (endpoint: string) => ({ name: 'to_metrics', script: `dbrp "telegraf"."autogen"\nstream\n  |from().measurement('cpu')\n  |httpPost()\n    .endpoint('${endpoint}')\n` });
    expect(defineTasks([postTask('metrics')], SERIES_PARTITION_KEYS, allowlistGuard(allowlist)).map((task) => task.name)).toEqual(['to_metrics']);
    expect(() => defineTasks([postTask('metric')], SERIES_PARTITION_KEYS, allowlistGuard(allowlist))).toThrow(
      "task to_metrics: 5:6: http_post2: endpoint 'metric' does not exist: add post.endpoints.metric (url, headers, basicAuth) to the handler configuration (configured: metrics)",
    );
  });

  it('takes a .kafka() task naming a configured cluster, and refuses one naming another', () => {
    const kafkaTask = (cluster: string) => ({
      name: 'to_kafka',
      script: `dbrp "telegraf"."autogen"\nstream\n  |from().measurement('cpu')\n  |alert()\n    .crit(lambda: TRUE)\n    .kafka().cluster('${cluster}').kafkaTopic('alerts')\n`,
    });
    const allowlist = readHandlerAllowlist(handlersFile({ kafka: { clusters: { shared: { brokers: ['kafka-1:9092'] } } } }), {});
    expect(allowlist.kafka).toEqual({ clusters: { shared: { brokers: ['kafka-1:9092'] } } });
    expect(defineTasks([kafkaTask('shared')], SERIES_PARTITION_KEYS, allowlistGuard(allowlist)).map((task) => task.name)).toEqual(['to_kafka']);
    expect(() => defineTasks([kafkaTask('other')], SERIES_PARTITION_KEYS, allowlistGuard(allowlist))).toThrow(/names cluster "other", which is not configured: add kafka\.clusters\.other\.brokers .*\(configured: shared\)/);
  });

  it('refuses a sideload directory outside sideload.allow at definition, with the line and column of .source()', () => {
    const task = (dir: string) => ({ name: 'peek', script: `dbrp "telegraf"."autogen"\nstream\n  |from().measurement('cpu')\n  |sideload()\n    .source('file://${dir}')\n    .field('limit', 1.0)\n` });
    const refused = (dir: string, allowlist = readHandlerAllowlist(undefined, {})) => () => defineTasks([task(dir)], SERIES_PARTITION_KEYS, allowlistGuard(allowlist));
    expect(refused('/etc/vigil/sideload')).toThrow('task peek: 5:6: sideload2: sideload source directory "/etc/vigil/sideload" is not allowed: vigil reads sideload files only below directories listed in the handler configuration; add it (or a folder above it) to sideload.allow');
    const base = mkdtempSync(join(tmpdir(), 'vigil-sideload-allow-'));
    mkdirSync(join(base, 'hosts'));
    const allowlist = readHandlerAllowlist(handlersFile({ sideload: { allow: ['/etc/vigil/sideload/'] } }), { VIGIL_SIDELOAD_ALLOW: `${base}/` });
    expect(allowlist.sideload?.allow).toEqual([`${base}/`]);
    expect(defineTasks([task(`${base}/hosts`)], SERIES_PARTITION_KEYS, allowlistGuard(allowlist)).map((t) => t.name)).toEqual(['peek']);
    for (const dir of [`${base}/../../proc/self/fd`, `${base}-other`, '/proc']) expect(refused(dir, allowlist)).toThrow(/is not allowed/);
    expect(() => readHandlerAllowlist(handlersFile({ sideload: { allow: ['relative/dir'] } }), {})).toThrow(/sideload\.allow.*expected an absolute directory/);
  });

  it('refuses a .log() path below no folder of log.allow at definition, and takes one below a listed folder', () => {
    const task = (path: string) => ({ name: 'append', script: `dbrp "telegraf"."autogen"\nstream\n  |from().measurement('cpu')\n  |alert()\n    .crit(lambda: TRUE)\n    .log('${path}')\n` });
    const allowlist = readHandlerAllowlist(handlersFile({ log: { allow: ['/var/log/vigil'] } }), {});
    expect(defineTasks([task('/var/log/vigil/cpu.log')], SERIES_PARTITION_KEYS, allowlistGuard(allowlist)).map((t) => t.name)).toEqual(['append']);
    expect(() => defineTasks([task('/etc/vigil/handlers/handlers.json')], SERIES_PARTITION_KEYS, allowlistGuard(allowlist))).toThrow(
      "task append: 6:6: alert2: .log('/etc/vigil/handlers/handlers.json') is not allowed: vigil appends only to files below folders listed in the handler configuration; add its folder to log.allow",
    );
    expect(() => defineTasks([task('/var/log/vigil/cpu.log')], SERIES_PARTITION_KEYS, allowlistGuard(readHandlerAllowlist(undefined, {})))).toThrow(/log\.allow/);
  });

  it('names HANDLERS_CONFIG_FILE when the file is missing or not JSON', () => {
    expect(() => readHandlerAllowlist('/nonexistent/handlers.json', {})).toThrow(ConfigError);
    expect(() => readHandlerAllowlist('/nonexistent/handlers.json', {})).toThrow(/HANDLERS_CONFIG_FILE: cannot read \/nonexistent\/handlers.json: ENOENT/);
    const path = join(mkdtempSync(join(tmpdir(), 'vigil-allowlist-')), 'bad.json');
    writeFileSync(path, '{');
    expect(() => readHandlerAllowlist(path, {})).toThrow(/is not JSON/);
  });
});
