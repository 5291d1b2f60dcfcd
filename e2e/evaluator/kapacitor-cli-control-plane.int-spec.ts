import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, readTopicSnapshot } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { kafkaBrokers, uniqueName, waitFor } from '@vigil/testing';
import { decodeRecordingRecord, type RangeRecording } from '@vigil/topic-contract';
import { goRfc822, handlerRows, kapacitorCliOrWarn, okLines, runKapacitor, statsGeneralLines, topicRow, type ApiTopic, type ApiTopicEvents, type CliRun } from '../standalone/support/kapacitor-cli';
import { EvaluatorCluster } from './support/evaluator-cluster';
import { buildDistributedApps, kapacitorCliDeployment } from './support/kapacitor-cli-deployment';

/** A template: CRITICAL when `usage` compares with `crit` by `op`, published on topic ops only (no handler of its own). */
const template = (op: '>' | '<'): string =>
  ['var measurement string', 'var crit = 90.0', '', 'stream', '    |from()', '        .measurement(measurement)', "        .groupBy('host')", '    |alert()', `        .crit(lambda: "usage" ${op} crit)`, "        .topic('ops')", ''].join('\n');

interface Vars {
  readonly cluster_id: string;
  readonly server_id: string;
  readonly host: string;
  readonly num_tasks: number;
  readonly num_enabled_tasks: number;
}

const cli = kapacitorCliOrWarn();

/**
 * Kapacitor's control plane through the real `kapacitor` 1.5.9 CLI against the distributed mode
 * (ingest's API over its compacted topics, an evaluator, a notifier): define-template, a task
 * from it with vars, list templates, an update of the template that rewrites its task, a topic
 * handler the notifier delivers through, list topic-handlers, topics and show-topic from the
 * alerts topic, service tests (run by the notifier), level and logs of the ingest, delete topics
 * (kept across ingests and restarts), stream recordings (time ranges of the points topic; replays
 * refused while the recording runs), vars, stats general and ingress, backup, and
 * the routes' error shape. Expected
 * outputs are what cmd/kapacitor/main.go prints for what ingest answers, line by line.
 */
describe.skipIf('unavailable' in cli)(`the kapacitor 1.5.9 CLI against the distributed mode's control plane${'unavailable' in cli ? ` (skipped: ${cli.unavailable})` : ''}`, () => {
  const cluster = new EvaluatorCluster({ tasks: {}, partitionKeys: 'cpu=host', pointsPartitions: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-control-plane-'));
  const deployment = kapacitorCliDeployment(dir);
  // Built before the test, so a cold build on a loaded machine does not count against its time.
  beforeAll(buildDistributedApps, 600_000);
  afterAll(() => deployment.close());

  it('defines templates and topic handlers, shows topics, stats, vars and a backup', async () => {
    const binary = (cli as { binary: string }).binary;
    const { ingest, broker, kapacitor, api } = await deployment.start(cluster, binary);
    const file = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return name;
    };
    const write = async (lines: string): Promise<void> => {
      expect((await fetch(`${ingest.url}/write?db=vigil&rp=autogen`, { method: 'POST', body: lines })).status).toBe(204);
    };

    // Templates: define, list, a task from it with vars.
    const above = template('>');
    expect(okLines(kapacitor('define-template', 'cpu_t', '-tick', file('cpu_t.tick', above), '-type', 'stream'))).toEqual(['']);
    expect(okLines(kapacitor('list', 'templates'))).toEqual([`${'ID'.padEnd(6)}${'Type'.padEnd(10)}${'Vars'.padEnd(40)}`, `${'cpu_t'.padEnd(6)}${'stream'.padEnd(10)}${'crit,measurement'.padEnd(40)}`, '']);
    const vars = file('cpu_high.vars.json', JSON.stringify({ measurement: { type: 'string', value: 'cpu' } }));
    expect(okLines(kapacitor('define', 'cpu_high', '-template', 'cpu_t', '-vars', vars, '-dbrp', 'vigil.autogen'))).toEqual(['']);
    expect(okLines(kapacitor('enable', 'cpu_high'))).toEqual(['']);
    expect(okLines(kapacitor('list', 'tasks')).map((line) => line.trimEnd())).toEqual(['ID       Type      Status    Executing Databases and Retention Policies', 'cpu_high stream    enabled   true      ["vigil"."autogen"]', '']);
    expect(okLines(kapacitor('show', 'cpu_high')).slice(0, 4)).toEqual(['ID: cpu_high', 'Error: ', 'Template: cpu_t', 'Type: stream']);

    // A topic handler on ops, delivered by the notifier; one with a match is taken and shown as the CLI wrote it
    // (topic-handler-match.int-spec.ts delivers through matches), and deleted before any event here.
    const handler = file('ops-post.yaml', ['topic: ops', 'id: to_broker', 'kind: post', 'options:', `  url: ${broker.url()}`, ''].join('\n'));
    expect(okLines(kapacitor('define-topic-handler', handler))).toEqual(['']);
    expect(okLines(kapacitor('list', 'topic-handlers'))).toEqual([...handlerRows([['ops', 'to_broker', 'post']]), '']);
    expect(okLines(kapacitor('show-topic-handler', 'ops', 'to_broker'))).toEqual(['ID: to_broker', 'Topic: ops', 'Kind: post', 'Match: ', `Options: ${JSON.stringify({ url: broker.url() })}`, '']);
    expect(okLines(kapacitor('define-topic-handler', file('ops-match.yaml', ['topic: ops', 'id: matched', 'kind: post', 'match: changed() == TRUE', 'options:', `  url: ${broker.url('/matched')}`, ''].join('\n'))))).toEqual(['']);
    expect(okLines(kapacitor('show-topic-handler', 'ops', 'matched'))).toEqual(['ID: matched', 'Topic: ops', 'Kind: post', 'Match: changed() == TRUE', `Options: ${JSON.stringify({ url: broker.url('/matched') })}`, '']);
    const invalid = kapacitor('define-topic-handler', file('ops-invalid.yaml', ['topic: ops', 'id: invalid', 'kind: post', 'match: level() > BOGUS', 'options:', `  url: ${broker.url()}`, ''].join('\n')));
    expect(invalid).toEqual({ code: 3, stdout: '', stderr: 'failed to create handler: invalid match expression: unknown identifier "BOGUS"\n' });
    expect(okLines(kapacitor('delete', 'topic-handlers', 'ops', 'matched'))).toEqual(['']);

    // Points through ingest: host a is critical, b is not (no event: its level never changed); the topic handler gets a's event.
    await cluster.waitUntilTasksApplied();
    await write(['cpu,host=a usage=95 1700000000000000000', 'cpu,host=b usage=50 1700000000000000000', 'mem,host=a used=1 1700000000000000000'].join('\n'));
    await waitFor(() => broker?.received().length === 1, { timeoutMs: 60_000, what: "the topic handler's delivery" });
    expect(JSON.parse(broker.received()[0]?.body ?? '{}')).toMatchObject({ id: 'cpu:host=a', level: 'CRITICAL', message: 'cpu:host=a is CRITICAL' });

    // Updating the template rewrites its task's script; the evaluator applies it: below 90 is now critical.
    const below = template('<');
    expect(okLines(kapacitor('define-template', 'cpu_t', '-tick', file('cpu_t_below.tick', below)))).toEqual(['']);
    expect(okLines(kapacitor('show', 'cpu_high')).slice(11, 11 + below.split('\n').length)).toEqual(below.split('\n'));
    await cluster.waitUntilTasksApplied();
    await write('cpu,host=b usage=40 1700000001000000000');
    await waitFor(() => broker?.received().length === 2, { timeoutMs: 60_000, what: "the updated template's alert" });
    expect(JSON.parse(broker.received()[1]?.body ?? '{}')).toMatchObject({ id: 'cpu:host=b', level: 'CRITICAL' });

    // Topics and show-topic, from the alerts topic: each alert id's last state (b had no event before the update).
    await waitFor(async () => (await api<ApiTopicEvents>('alerts/topics/ops/events')).events.length === 2, { timeoutMs: 60_000, what: 'two alert ids on topic ops' });
    const topics = (await api<{ topics: readonly ApiTopic[] }>('alerts/topics')).topics;
    expect(topics).toMatchObject([{ id: 'ops', level: 'CRITICAL', collected: 2 }]);
    expect(okLines(kapacitor('list', 'topics'))).toEqual([topicRow(4, 9, 'ID', 'Level', 'Collected'), topicRow(4, 9, 'ops', 'CRITICAL', '2'), '']);
    const events = (await api<ApiTopicEvents>('alerts/topics/ops/events')).events;
    expect(events.map((event) => [event.id, event.state.level, event.state.message])).toEqual([['cpu:host=a', 'CRITICAL', 'cpu:host=a is CRITICAL'], ['cpu:host=b', 'CRITICAL', 'cpu:host=b is CRITICAL']]);
    const eventRow = (id: string, level: string, message: string, date: string): string => `${id.padEnd(11)}${level.padEnd(9)}${message.padEnd(23)}${date.padEnd(23)}`;
    expect(okLines(kapacitor('show-topic', 'ops'))).toEqual([
      'ID: ops',
      'Level: CRITICAL',
      'Collected: 2',
      'Handlers: [to_broker]',
      'Events:',
      eventRow('Event', 'Level', 'Message', 'Date'),
      ...events.map((event) => eventRow(event.id, event.state.level, event.state.message, goRfc822(event.state.time))),
      '',
    ]);

    // Service tests: ingest asks a notifier (over Redis), which lists its services and sends the test through its own handler.
    expect(okLines(kapacitor('list', 'service-tests'))).toEqual(['Service Name', 'alerta', 'alertmanager', 'bigpanda', 'discord', 'httppost', 'kafka', 'mqtt', 'opsgenie', 'opsgenie2', 'pagerduty', 'pagerduty2', 'pushover', 'sensu', 'servicenow', 'slack', 'smtp', 'snmptrap', 'teams', 'telegram', 'victorops', '']);
    expect(okLines(kapacitor('list', 'service-tests', 'http*'))).toEqual(['Service Name', 'httppost', '']);
    // The CLI posts the test with the default options, which name no URL: the notifier's post handler says why it cannot send.
    expect(kapacitor('service-tests', 'httppost')).toEqual({
      code: 0,
      stdout: `${'Service'.padEnd(20)}${'Success'.padEnd(10)}Message\n${'httppost'.padEnd(20)}${'false'.padEnd(10)}.post() has no URL and no endpoint "default" is configured; add it under post.endpoints or pass a URL\n`,
      stderr: '',
    });
    const tested = await fetch(`${ingest.url}/kapacitor/v1/service-tests/httppost`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url: broker.url() }) });
    expect([tested.status, await tested.json()]).toEqual([200, { success: true, message: '' }]);
    expect(broker.received().map((received) => (JSON.parse(received.body) as { id: string }).id)).toEqual(['cpu:host=a', 'cpu:host=b', 'httppost-service-test']);
    const unknownService = await fetch(`${ingest.url}/kapacitor/v1/service-tests/nope`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'null' });
    expect([unknownService.status, await unknownService.json()]).toEqual([404, { error: 'service "nope" not found' }]);

    // vars and stats: this deployment's tasks and the points this ingest made durable.
    const varsRun = kapacitor('vars');
    expect({ code: varsRun.code, stderr: varsRun.stderr }).toEqual({ code: 0, stderr: '' });
    const shown = JSON.parse(varsRun.stdout) as Vars;
    expect(shown).toMatchObject({ num_tasks: 1, num_enabled_tasks: 1, num_subscriptions: 0, product: 'vigil', version: '1.5.9+vigil', server_id: expect.stringMatching(new RegExp(`^${cluster.id.replace(/\./g, '\\.')}\\.ingest@`)) });
    expect(shown.cluster_id).not.toBe('');
    expect(okLines(kapacitor('stats', 'general'))).toEqual(statsGeneralLines(shown, 1, 1));
    const ingress = (db: string, rp: string, measurement: string, points: number | string): string =>
      `${db.padEnd(9)}${rp.padEnd(17)}${measurement.padEnd(12)}${typeof points === 'number' ? String(points).padStart(15) : points}`;
    expect(okLines(kapacitor('stats', 'ingress'))).toEqual([ingress('Database', 'Retention Policy', 'Measurement', 'Points Received'), ingress('vigil', 'autogen', 'cpu', 3), ingress('vigil', 'autogen', 'mem', 1), '']);

    // backup: every task, template and topic handler as its record, named by its key.
    const backup = join(dir, 'vigil.backup');
    expect(okLines(kapacitor('backup', backup))).toEqual(['']);
    expect(execFileSync('tar', ['-tzf', backup], { encoding: 'utf8' }).split('\n')).toEqual(['tasks/cpu_high.json', 'templates/cpu_t.json', 'topic-handlers/ops/to_broker.json', '']);
    const restoredTask = JSON.parse(execFileSync('tar', ['-xzOf', backup, 'tasks/cpu_high.json'], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(restoredTask).toMatchObject({ format: 'vigil.task.v1', id: 'cpu_high', script: below, status: 'enabled', 'template-id': 'cpu_t', dbrps: [{ db: 'vigil', rp: 'autogen' }] });

    // A second ingest (a restart, or another replica) reads the same definitions and alert states from the topics.
    const other = await cluster.startIngest();
    const otherCli = (...args: string[]): CliRun => runKapacitor(binary, other.url, args, dir);
    expect(okLines(otherCli('list', 'templates'))).toEqual(okLines(kapacitor('list', 'templates')));
    expect(okLines(otherCli('list', 'topic-handlers'))).toEqual([...handlerRows([['ops', 'to_broker', 'post']]), '']);
    await waitFor(async () => (await (await fetch(`${other.url}/kapacitor/v1/alerts/topics/ops/events`)).json() as ApiTopicEvents).events.length === 2, { timeoutMs: 60_000, what: "the second ingest's alert states" });
    expect(okLines(otherCli('list', 'topics'))).toEqual([topicRow(4, 9, 'ID', 'Level', 'Collected'), topicRow(4, 9, 'ops', 'CRITICAL', '2'), '']);

    // Deleting the handler deletes its record (a tombstone the notifiers apply); the list is empty again.
    expect(okLines(kapacitor('delete', 'topic-handlers', 'ops', 'to_broker'))).toEqual(['']);
    expect(okLines(kapacitor('list', 'topic-handlers'))).toEqual([...handlerRows([]), '']);

    // delete topics: a record of the topic-deletions topic, so the second ingest forgets the topic
    // too, and an ingest started later skips its old events; the next events bring it back.
    expect(okLines(kapacitor('delete', 'topics', 'ops'))).toEqual(['']);
    const noTopics = [topicRow(3, 9, 'ID', 'Level', 'Collected'), ''];
    expect(okLines(kapacitor('list', 'topics'))).toEqual(noTopics);
    await waitFor(() => okLines(otherCli('list', 'topics')).length === 2, { timeoutMs: 30_000, intervalMs: 500, what: "the second ingest's reading of the deletion" });
    expect(okLines(otherCli('list', 'topics'))).toEqual(noTopics);
    // b recovers: its OK event follows its old CRITICAL one in the same alerts partition.
    await write('cpu,host=b usage=95 1700000002000000000');
    const recovered = [topicRow(4, 9, 'ID', 'Level', 'Collected'), topicRow(4, 9, 'ops', 'OK', '1'), ''];
    await waitFor(
      () => {
        expect(okLines(kapacitor('list', 'topics'))).toEqual(recovered);
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: "topic ops back with b's OK event alone" },
    );
    const restarted = await cluster.startIngest();
    const restartedTopics = async (): Promise<ApiTopicEvents> => (await (await fetch(`${restarted.url}/kapacitor/v1/alerts/topics/ops/events`)).json()) as ApiTopicEvents;
    await waitFor(async () => (await restartedTopics()).events?.length === 1, { timeoutMs: 60_000, what: "the restarted ingest's reading of ops" });
    expect((await restartedTopics()).events.map((event) => [event.id, event.state.level])).toEqual([['cpu:host=b', 'OK']]);
    expect(okLines(runKapacitor(binary, restarted.url, ['list', 'topics'], dir))).toEqual(recovered);
    expect(okLines(otherCli('list', 'topics'))).toEqual(recovered);

    // level and logs reach the ingest that answers: at LOG_LEVEL=warn it writes no info line until
    // `kapacitor level debug`; `kapacitor logs key=logged` then streams its lines about task logged.
    expect(okLines(kapacitor('level', 'debug'))).toEqual(['']);
    expect(kapacitor('level', 'verbose')).toEqual({ code: 3, stdout: '', stderr: 'invalid log level\n' });
    const logs = spawn(binary, ['-url', ingest.url, 'logs', 'key=logged'], { cwd: dir, env: { PATH: process.env['PATH'], HOME: process.env['HOME'] } });
    let streamed = '';
    logs.stdout.on('data', (chunk: Buffer) => (streamed += chunk.toString('utf8')));
    const loggedTask = file('logged.tick', 'stream\n    |from()\n        .measurement(\'logged\')\n');
    try {
      // The stream opens at some point after the spawn: define until a line about the task arrives.
      await waitFor(() => {
        if (streamed === '') expect(okLines(kapacitor('define', 'logged', '-tick', loggedTask, '-dbrp', 'vigil.autogen'))).toEqual(['']);
        return streamed.includes('\n');
      }, { timeoutMs: 60_000, intervalMs: 500, what: "a streamed log line about task logged" });
      expect(okLines(kapacitor('delete', 'tasks', 'logged'))).toEqual(['']);
      await waitFor(() => streamed.includes('change=deleted'), { timeoutMs: 30_000, what: "the streamed log line of logged's deletion" });
    } finally {
      logs.kill('SIGTERM');
    }
    const streamedLines = streamed.split('\n').filter((line) => line !== '');
    for (const line of streamedLines) expect(line).toMatch(/^ts=\S+ lvl=info msg="tasks change written" .*\bkey=logged\b/);
    expect(streamedLines.at(-1)).toMatch(/ change=deleted$/);
    expect(okLines(kapacitor('level', 'error'))).toEqual(['']);

    // Recordings: a stream recording is a time range of the points topic, kept in the recordings
    // topic, so another ingest lists it too; the CLI waits until its stop has passed. record
    // batch and query (no InfluxDB in ingest) are refused, naming what to run instead.
    expect(okLines(kapacitor('record', 'stream', '-task', 'cpu_high', '-duration', '1s', '-recording-id', 'rec1'))).toEqual(['rec1', '']);
    expect(okLines(kapacitor('record', 'stream', '-task', 'cpu_high', '-duration', '1h', '-recording-id', 'rec2', '-no-wait'))).toEqual(['rec2', '']);
    expect(kapacitor('record', 'stream', '-task', 'missing', '-duration', '1s')).toEqual({ code: 3, stdout: '', stderr: 'no task exists\n' });
    // What the recordings topic holds (its latest record per key), as another reader of the topic sees it.
    const recordingRecords = async (): Promise<Map<string, RangeRecording>> => {
      const logger = createLogger({ service: 'control-plane-e2e', level: 'warn' });
      const kafka = createKafka({ brokers: kafkaBrokers(), clientId: `${cluster.id}.recordings-reader`, logger });
      const records = await readTopicSnapshot(kafka, cluster.recordingsTopic, { groupId: uniqueName(`${cluster.id}.recordings-reader`), logger });
      const latest = new Map<string, RangeRecording>();
      for (const record of records) {
        const key = record.key?.toString() ?? '';
        if (record.value === null) latest.delete(key);
        else latest.set(key, decodeRecordingRecord(key, record.value) as RangeRecording);
      }
      return latest;
    };
    const recording = async (id: string): Promise<{ status: string; size: number; date: string }> => api(`recordings/${id}`);
    const [rec1, rec2] = [await recording('rec1'), await recording('rec2')];
    expect([rec1.status, rec1.size, rec2.status]).toEqual(['finished', 0, 'running']);
    const recordingRow = (width: number, id: string, type: string, status: string, size: string, date: string): string => `${id.padEnd(width)}${type.padEnd(8)}${status.padEnd(10)}${size.padEnd(10)}${date.padEnd(23)}`;
    const recordings = [recordingRow(5, 'ID', 'Type', 'Status', 'Size', 'Date'), recordingRow(5, 'rec1', 'stream', 'finished', '0 B', goRfc822(rec1.date.replace(/\.\d+Z$/, 'Z'))), recordingRow(5, 'rec2', 'stream', 'running', '0 B', goRfc822(rec2.date.replace(/\.\d+Z$/, 'Z'))), ''];
    expect(okLines(kapacitor('list', 'recordings'))).toEqual(recordings);
    const kept = await recordingRecords();
    expect([...kept.values()].map(({ id, task, dbrps, pointsTopic, start }) => ({ id, task, dbrps, pointsTopic, start }))).toEqual([
      { id: 'rec1', task: 'cpu_high', dbrps: [{ db: 'vigil', rp: 'autogen' }], pointsTopic: cluster.pointsTopic, start: rec1.date },
      { id: 'rec2', task: 'cpu_high', dbrps: [{ db: 'vigil', rp: 'autogen' }], pointsTopic: cluster.pointsTopic, start: rec2.date },
    ]);
    await waitFor(() => okLines(otherCli('list', 'recordings')).length === 4, { timeoutMs: 30_000, intervalMs: 500, what: "the second ingest's reading of the recordings" });
    expect(okLines(otherCli('list', 'recordings'))).toEqual(recordings);
    // backup holds the recordings' records too (their points stay in the points topic).
    const recordingsBackup = join(dir, 'recordings.backup');
    expect(okLines(kapacitor('backup', recordingsBackup))).toEqual(['']);
    expect(execFileSync('tar', ['-tzf', recordingsBackup], { encoding: 'utf8' }).split('\n').filter((path) => path.startsWith('recordings/'))).toEqual(['recordings/rec1.json', 'recordings/rec2.json']);
    expect(decodeRecordingRecord('rec2', execFileSync('tar', ['-xzOf', recordingsBackup, 'recordings/rec2.json'], { encoding: 'utf8' }))).toEqual(kept.get('rec2'));
    expect(okLines(kapacitor('delete', 'recordings', 'rec1'))).toEqual(['']);
    expect(okLines(kapacitor('list', 'recordings', 'rec*'))).toEqual([recordingRow(5, 'ID', 'Type', 'Status', 'Size', 'Date'), recordings[2], '']);
    const missing = await fetch(`${ingest.url}/kapacitor/v1/recordings/rec1`);
    expect([missing.status, await missing.json()]).toEqual([500, { error: 'error finding recording: no recording exists' }]);
    const rec2Stop = (await recordingRecords()).get('rec2')?.stop ?? 'missing';
    // Replays run in an evaluator (kapacitor-cli-replays.int-spec.ts); one of a recording still running is refused.
    expect(kapacitor('replay', '-recording', 'rec2', '-task', 'cpu_high')).toEqual({ code: 3, stdout: '', stderr: `recording rec2 is still running until ${rec2Stop}: replay it once it has finished\n` });
    expect(kapacitor('replay', '-recording', 'rec1', '-task', 'cpu_high')).toEqual({ code: 3, stdout: '', stderr: 'recording not found: no recording exists\n' });
    expect(okLines(kapacitor('list', 'replays'))).toEqual([`${'ID'.padEnd(3)}${'Task'.padEnd(5)}${'Recording'.padEnd(10)}${'Status'.padEnd(9)}${'Clock'.padEnd(8)}${'Date'.padEnd(23)}`, '']);
    const replays = await fetch(`${ingest.url}/kapacitor/v1/replays/any`, { method: 'DELETE' });
    expect(replays.status).toBe(204);

    // ping, config and the error shape of every route, an unknown one included.
    const ping = await fetch(`${ingest.url}/kapacitor/v1/ping`);
    expect([ping.status, ping.headers.get('x-kapacitor-version')]).toEqual([204, '1.5.9+vigil']);
    const config = await api<{ sections: Record<string, { elements: { options: Record<string, unknown>; redacted: string[] }[] }> }>('config');
    expect(Object.keys(config.sections)).toEqual(['http', 'kafka', 'topics', 'schema-registry']);
    expect(config.sections['kafka']?.elements[0]?.redacted).toEqual(['sasl-password', 'ssl-key-password']);
    expect(config.sections['topics']?.elements[0]?.options).toMatchObject({ tasks: cluster.tasksTopic, templates: cluster.templatesTopic, 'topic-handlers': cluster.topicHandlersTopic, alerts: cluster.alertsTopic });
    const refused = await fetch(`${ingest.url}/kapacitor/v1/config/kafka`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect([refused.status, await refused.json()]).toEqual([403, { error: "ingest's configuration is read-only: change its environment (docs/ingest.md) and restart it" }]);
    const unknown = await fetch(`${ingest.url}/kapacitor/v1/nothing-here`);
    expect([unknown.status, Object.keys((await unknown.json()) as object)]).toEqual([404, ['error']]);
  }, 300_000);
});
