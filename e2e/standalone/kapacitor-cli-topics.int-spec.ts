import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@vigil/testing';
import { goRfc822, handlerRows, kapacitorCliOrWarn, okLines, runKapacitor, topicRow, type ApiTopic, type ApiTopicEvents, type CliRun } from './support/kapacitor-cli';
import { useServeFixture } from './support/serve-fixture';

const cli = kapacitorCliOrWarn();

/**
 * Alert topics and topic handlers through the real `kapacitor` 1.5.9 CLI against `vigil serve`:
 * the anonymous topic `main:<task>:<node>` and a `.topic('ops')` after alerts (`list topics`,
 * `show-topic`), `define-topic-handler` from a YAML file with a post handler and a match, its
 * delivery to a local receiver once (and not again after a restart), `list topic-handlers`,
 * `show-topic-handler`, deleting the handler and a topic. Expected outputs are what
 * cmd/kapacitor/main.go prints for what vigil answers on its API.
 */
describe.skipIf('unavailable' in cli)(`the kapacitor 1.5.9 CLI: alert topics and topic handlers against vigil serve${'unavailable' in cli ? ` (skipped: ${cli.unavailable})` : ''}`, () => {
  const fixture = useServeFixture('kapacitor-topics');

  it('lists topics, shows a topic, and delivers to a topic handler once across a restart', async () => {
    const binary = 'binary' in cli ? cli.binary : '';
    const receiver = await fixture.receiver.start();
    let serve = await fixture.serve();
    const kapacitor = (...args: string[]): CliRun => runKapacitor(binary, serve.url, args, fixture.dir());
    const api = async <T>(path: string): Promise<T> => (await (await fetch(`${serve.url}/kapacitor/v1/${path}`)).json()) as T;
    const write = async (lines: string): Promise<void> => {
      expect((await fetch(`${serve.url}/write?db=telegraf&rp=autogen`, { method: 'POST', body: lines })).status).toBe(204);
    };
    // Below the data folder's logs/, where vigil serve lets .log() append without configuration.
    const alertLog = join(fixture.dir(), 'data', 'logs', 'task-alerts.log');
    const script = ['stream', "    |from().measurement('cpu').groupBy('host')", '    |alert()', '        .warn(lambda: "usage" > 70)', '        .crit(lambda: "usage" > 90)', "        .topic('ops')", `        .log('${alertLog}')`, ''].join('\n');
    expect(okLines(kapacitor('define', 'cpu', '-tick', fixture.file('cpu.tick', script), '-dbrp', 'telegraf.autogen'))).toEqual(['']);
    expect(okLines(kapacitor('enable', 'cpu'))).toEqual(['']);

    // A topic handler on ops: a post to the receiver, for warnings and worse of host a only.
    const handlerFile = fixture.file('ops-post.yaml', ['topic: ops', 'id: to_receiver', 'kind: post', 'match: level() >= WARNING AND "host" == \'a\'', 'options:', `  url: ${receiver}`, ''].join('\n'));
    expect(okLines(kapacitor('define-topic-handler', handlerFile))).toEqual(['']);
    expect(okLines(kapacitor('show-topic-handler', 'ops', 'to_receiver'))).toEqual(['ID: to_receiver', 'Topic: ops', 'Kind: post', 'Match: level() >= WARNING AND "host" == \'a\'', `Options: ${JSON.stringify({ url: receiver })}`, '']);
    expect(okLines(kapacitor('list', 'topic-handlers'))).toEqual([...handlerRows([['ops', 'to_receiver', 'post']]), '']);

    // An exec topic handler the configuration does not allow is refused at definition.
    const execFile = fixture.file('ops-exec.json', JSON.stringify({ topic: 'ops', id: 'run', kind: 'exec', options: { prog: '/bin/sh', args: ['-c', 'true'] } }));
    const refused = kapacitor('define-topic-handler', execFile);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/^failed to create handler: .*exec\.allow/);

    await write(['cpu,host=a usage=95 1700000000000000000', 'cpu,host=b usage=75 1700000001000000000'].join('\n'));
    await waitFor(async () => (await api<ApiTopicEvents>('alerts/topics/ops/events')).events.length === 2, { timeoutMs: 30_000, what: 'two alert ids on topic ops' });
    await waitFor(() => fixture.receiver.bodies.length >= 1, { timeoutMs: 30_000, what: 'the topic handler delivery' });

    // list topics: the anonymous topic of the task's alert node and the named one.
    const topics = (await api<{ topics: readonly ApiTopic[] }>('alerts/topics')).topics;
    expect(topics.map((topic) => [topic.id, topic.level])).toEqual([['main:cpu:alert2', 'CRITICAL'], ['ops', 'CRITICAL']]);
    const idWidth = Math.max(2, ...topics.map((topic) => topic.id.length)) + 1;
    const levelWidth = Math.max(8, ...topics.map((topic) => topic.level.length)) + 1;
    expect(okLines(kapacitor('list', 'topics'))).toEqual([topicRow(idWidth, levelWidth, 'ID', 'Level', 'Collected'), ...topics.map((topic) => topicRow(idWidth, levelWidth, topic.id, topic.level, String(topic.collected))), '']);

    // show-topic: every alert id's state, oldest first as the CLI sorts them.
    const events = (await api<ApiTopicEvents>('alerts/topics/ops/events')).events;
    expect(events.map((event) => [event.id, event.state.level, event.state.message])).toEqual([['cpu:host=a', 'CRITICAL', 'cpu:host=a is CRITICAL'], ['cpu:host=b', 'WARNING', 'cpu:host=b is WARNING']]);
    const ops = await api<ApiTopic>('alerts/topics/ops');
    const eventWidth = Math.max(5, ...events.map((event) => event.id.length)) + 1;
    const messageWidth = Math.max(7, ...events.map((event) => event.state.message.length)) + 1;
    const eventRow = (id: string, level: string, message: string, date: string): string => `${id.padEnd(eventWidth)}${level.padEnd(9)}${message.padEnd(messageWidth)}${date.padEnd(23)}`;
    const sorted = [...events].sort((a, b) => a.state.time.localeCompare(b.state.time));
    expect(okLines(kapacitor('show-topic', 'ops'))).toEqual([
      'ID: ops',
      `Level: ${ops.level}`,
      `Collected: ${ops.collected}`,
      'Handlers: [to_receiver]',
      'Events:',
      eventRow('Event', 'Level', 'Message', 'Date'),
      ...sorted.map((event) => eventRow(event.id, event.state.level, event.state.message, goRfc822(event.state.time))),
      '',
    ]);

    // The task's own handler got both events; the topic handler only host a's.
    await waitFor(() => existsSync(alertLog) && readFileSync(alertLog, 'utf8').split('\n').length >= 3, { timeoutMs: 30_000, what: "the task's own log handler" });
    expect(fixture.receiver.bodies.map((body) => (JSON.parse(body) as { id: string; level: string }).id)).toEqual(['cpu:host=a']);

    // After a restart the event is not delivered again; the next one of host a is.
    expect(await serve.stop()).toBe(0);
    serve = await fixture.serve();
    expect(okLines(kapacitor('list', 'topic-handlers', 'ops'))).toEqual([...handlerRows([['ops', 'to_receiver', 'post']]), '']);
    await write('cpu,host=a usage=97 1700000002000000000');
    await waitFor(() => fixture.receiver.bodies.length >= 2, { timeoutMs: 30_000, what: 'the delivery after the restart' });
    expect(fixture.receiver.bodies.map((body) => (JSON.parse(body) as { id: string; time: string }).time)).toEqual(['2023-11-14T22:13:20Z', '2023-11-14T22:13:22Z']);
    // The topic kept its states across the restart (collected counts from the start, as Kapacitor's).
    const afterRestart = (await api<ApiTopicEvents>('alerts/topics/ops/events')).events.map((event) => [event.id, event.state.level]);
    expect(afterRestart).toEqual([['cpu:host=a', 'CRITICAL'], ['cpu:host=b', 'WARNING']]);

    // Deleting the handler and a topic.
    expect(okLines(kapacitor('delete', 'topic-handlers', 'ops', 'to_receiver'))).toEqual(['']);
    expect(okLines(kapacitor('list', 'topic-handlers'))).toEqual([...handlerRows([]), '']);
    expect(okLines(kapacitor('delete', 'topics', 'main:*'))).toEqual(['']);
    expect(okLines(kapacitor('list', 'topics')).map((line) => line.trimEnd())).toEqual([topicRow(4, 9, 'ID', 'Level', 'Collected'), topicRow(4, 9, 'ops', 'CRITICAL', '1'), '']);
    expect(await serve.stop()).toBe(0);
  });
});
