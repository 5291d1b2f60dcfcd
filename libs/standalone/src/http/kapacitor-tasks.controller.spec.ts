import { Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { KAPACITOR_API_VERSION, KapacitorApiModule, KapacitorErrorFilter, type TaskStatsSource } from '@vigil/kapacitor-api';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempFolder } from '../storage/files/temp-folder.test';
import type { TaskFile } from '../storage/tasks/task-file';
import { TaskFolder } from '../storage/tasks/task-folder';
import { ZERO_TIME } from '../storage/tasks/task-record';
import { TaskCatalog } from '../tasks/task-catalog';

const script = (measurement: string): string => `stream\n    |from()\n        .measurement('${measurement}')\n    |alert()\n        .crit(lambda: "usage" > 90)\n`;
const CREATED = new Date('2024-05-01T10:00:00.000Z');

/** The task API with the error filter, as StandaloneHttpModule mounts them, over a folder of its own. */
async function taskApi(folder: string, initial: readonly TaskFile[] = [], stats?: TaskStatsSource): Promise<{ app: NestFastifyApplication; now: { date: Date } }> {
  const catalog = new TaskCatalog(await TaskFolder.open(join(folder, 'tasks')), initial, async () => undefined, {});
  const now = { date: CREATED };
  @Module({
    imports: [KapacitorApiModule.register({ tasks: catalog, clock: () => now.date, ...(stats ? { stats } : {}) })],
    providers: [{ provide: APP_FILTER, useClass: KapacitorErrorFilter }],
  })
  class TaskApiModule {}
  const adapter = new FastifyAdapter();
  // As the ingest adapter does: every body arrives as bytes.
  adapter.getInstance().removeAllContentTypeParsers();
  adapter.getInstance().addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  const app = await NestFactory.create<NestFastifyApplication>(TaskApiModule, adapter, { logger: false, bodyParser: false, abortOnError: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, now };
}

describe('Kapacitor task API', () => {
  const folder = useTempFolder('task-api');
  let app: NestFastifyApplication;
  let now: { date: Date };
  beforeEach(async () => {
    ({ app, now } = await taskApi(folder()));
  });
  afterEach(async () => {
    await app.close();
  });

  const call = async (method: 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<{ status: number; body: unknown; headers: Record<string, unknown> }> => {
    const response = await app.inject({ method, url, ...(body === undefined ? {} : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    return { status: response.statusCode, body: response.body === '' ? undefined : (JSON.parse(response.body) as unknown), headers: response.headers };
  };
  const define = async (id: string, extra: Record<string, unknown> = {}): Promise<void> => {
    const answer = await call('POST', '/kapacitor/v1/tasks', { id, type: 'stream', dbrps: [{ db: 'telegraf', rp: 'autogen' }], script: script(id), status: 'enabled', ...extra });
    expect(answer.status).toBe(200);
  };
  const ids = async (query: string): Promise<unknown> => ((await call('GET', `/kapacitor/v1/tasks?${query}`)).body as { tasks: { id: string }[] }).tasks.map((task) => task.id);

  it('creates a task once when two creates of its id arrive together: the second answers that it already exists', async () => {
    const body = { id: 'cpu', type: 'stream', dbrps: [{ db: 'telegraf', rp: 'autogen' }], script: script('cpu'), status: 'enabled' };
    const answers = await Promise.all([call('POST', '/kapacitor/v1/tasks', body), call('POST', '/kapacitor/v1/tasks', { ...body, script: script('mem') })]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 400]);
    expect(answers[1]?.body).toEqual({ error: 'task cpu already exists' });
    expect((await call('GET', '/kapacitor/v1/tasks/cpu')).body).toMatchObject({ script: script('cpu') });
  });

  it('shows and lists a task without figures while its statistics source rejects (Redis down), rather than failing', async () => {
    const unreachable = await taskApi(join(folder(), 'stats-down'), [], { statistics: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) });
    try {
      const body = { id: 'cpu', type: 'stream', dbrps: [{ db: 'telegraf', rp: 'autogen' }], script: script('cpu'), status: 'enabled' };
      expect((await unreachable.app.inject({ method: 'POST', url: '/kapacitor/v1/tasks', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } })).statusCode).toBe(200);
      const shown = await unreachable.app.inject({ method: 'GET', url: '/kapacitor/v1/tasks/cpu' });
      expect(shown.statusCode).toBe(200);
      // The figures of a task nothing executes: each node with no statistics.
      const none = { 'node-stats': { alert2: {}, from1: {}, stream0: {} } };
      expect(JSON.parse(shown.body)).toMatchObject({ id: 'cpu', status: 'enabled', executing: true, stats: none });
      const listed = await unreachable.app.inject({ method: 'GET', url: '/kapacitor/v1/tasks?fields=stats' });
      expect(listed.statusCode).toBe(200);
      expect(JSON.parse(listed.body)).toEqual({ tasks: [{ id: 'cpu', link: { rel: 'self', href: '/kapacitor/v1/tasks/cpu' }, stats: none }] });
    } finally {
      await unreachable.app.close();
    }
  });

  it("answers an httpOut endpoint 404 Not Found, as Kapacitor's router does, when the mode serves no results", async () => {
    await define('cpu');
    expect(await call('GET', '/kapacitor/v1/tasks/cpu/avg')).toMatchObject({ status: 404, body: { error: 'Not Found' } });
  });

  it('lists only what the pattern names, so `kapacitor delete tasks other` deletes nothing but other', async () => {
    for (const id of ['cpu_alert', 'cpu_idle', 'mem_alert']) await define(id);
    const cli = 'fields=link&offset=0&limit=100&dot-view=attributes&script-format=formatted&replay-id=';
    expect(await call('GET', `/kapacitor/v1/tasks?pattern=other&${cli}`)).toMatchObject({ status: 200, body: { tasks: [] } });
    expect(await ids(`pattern=cpu*&${cli}`)).toEqual(['cpu_alert', 'cpu_idle']);
    expect(await ids('pattern=*_alert')).toEqual(['cpu_alert', 'mem_alert']);
    expect(await ids('offset=1&limit=1')).toEqual(['cpu_idle']);
    expect(await ids('')).toEqual(['cpu_alert', 'cpu_idle', 'mem_alert']);
    expect((await call('DELETE', '/kapacitor/v1/tasks/other')).status).toBe(204);
    expect(await ids('')).toEqual(['cpu_alert', 'cpu_idle', 'mem_alert']);
  });

  it('returns the fields asked for with id and link, and refuses an unknown field only when it lists a task', async () => {
    await define('cpu');
    await call('PATCH', '/kapacitor/v1/tasks/cpu', { status: 'disabled' });
    expect((await call('GET', '/kapacitor/v1/tasks?fields=type&fields=status&fields=executing&fields=dbrps')).body).toEqual({
      tasks: [{ link: { rel: 'self', href: '/kapacitor/v1/tasks/cpu' }, id: 'cpu', type: 'stream', dbrps: [{ db: 'telegraf', rp: 'autogen' }], status: 'disabled', executing: false }],
    });
    // Kapacitor's list leaves stats of a task that is not executing unset.
    expect((await call('GET', '/kapacitor/v1/tasks?fields=stats')).body).toEqual({ tasks: [{ link: { rel: 'self', href: '/kapacitor/v1/tasks/cpu' }, id: 'cpu', stats: null }] });
    expect(await call('GET', '/kapacitor/v1/tasks?fields=owner')).toMatchObject({ status: 400, body: { error: 'unsupported field "owner"' } });
    expect(await call('GET', '/kapacitor/v1/tasks?fields=owner&pattern=mem')).toMatchObject({ status: 200, body: { tasks: [] } });
    expect(await call('GET', '/kapacitor/v1/tasks?limit=ten')).toMatchObject({ status: 400, body: { error: 'invalid limit parameter "ten" must be an integer: strconv.ParseInt: parsing "ten": invalid syntax' } });
  });

  it("shows Kapacitor's task object: the script as written, dbrps beside it, times and stats", async () => {
    await define('cpu');
    now.date = new Date('2024-05-02T10:00:00.000Z');
    await call('PATCH', '/kapacitor/v1/tasks/cpu', { status: 'disabled' });
    const disabled = await call('GET', '/kapacitor/v1/tasks/cpu?dot-view=attributes&script-format=formatted&replay-id=');
    expect(disabled).toMatchObject({
      status: 200,
      body: {
        id: 'cpu',
        'template-id': '',
        type: 'stream',
        dbrps: [{ db: 'telegraf', rp: 'autogen' }],
        script: script('cpu'),
        vars: {},
        status: 'disabled',
        executing: false,
        error: '',
        stats: {},
        created: '2024-05-01T10:00:00.000Z',
        modified: '2024-05-02T10:00:00.000Z',
        'last-enabled': '2024-05-01T10:00:00.000Z',
      },
    });
    expect((disabled.body as { dot: string }).dot).toBe('digraph cpu {\nstream0 -> from1;\nfrom1 -> alert2;\n}');
    await call('PATCH', '/kapacitor/v1/tasks/cpu', { status: 'enabled' });
    expect((await call('GET', '/kapacitor/v1/tasks/cpu')).body).toMatchObject({ executing: true, stats: { 'node-stats': { stream0: {}, from1: {}, alert2: {} } } });
  });

  it("answers errors at the user's own line and column, and refuses dbrps in script and request", async () => {
    const broken = script('cpu').replace('"usage" > 90', '"usage" > ');
    const refused = await call('POST', '/kapacitor/v1/tasks', { id: 'cpu', dbrps: [{ db: 'telegraf', rp: 'autogen' }], script: broken });
    expect(refused.status).toBe(400);
    expect((refused.body as { error: string }).error).toMatch(/^task cpu: 5:\d+: /);
    const both = await call('POST', '/kapacitor/v1/tasks', { id: 'cpu', dbrps: [{ db: 'telegraf', rp: 'autogen' }], script: `dbrp "telegraf"."autogen"\n${script('cpu')}` });
    expect(both).toMatchObject({ status: 400, body: { error: 'cannot specify dbrp in both implicitly and explicitly' } });
  });

  it("refuses an id outside Kapacitor's id characters with Kapacitor's message, and . and .., with 400 and no file written", async () => {
    const body = (id: string): Record<string, unknown> => ({ id, dbrps: [{ db: 'telegraf', rp: 'autogen' }], script: script('cpu') });
    expect(await call('POST', '/kapacitor/v1/tasks', body('a/b'))).toMatchObject({ status: 400, body: { error: `task ID must contain only letters, numbers, '-', '.' and '_'. "a/b"` } });
    expect(await call('POST', '/kapacitor/v1/tasks', body('..'))).toMatchObject({ status: 400, body: { error: 'task ID "..": task names cannot be "." or "..", which name folders' } });
    expect(await call('POST', '/kapacitor/v1/tasks', body('.'))).toMatchObject({ status: 400, body: { error: 'task ID ".": task names cannot be "." or "..", which name folders' } });
    expect(await readdir(join(folder(), 'tasks'))).toEqual([]);
    expect(await ids('')).toEqual([]);
  });

  it("answers missing tasks as Kapacitor does: 404 to get and update, 204 to delete", async () => {
    expect(await call('GET', '/kapacitor/v1/tasks/nope')).toMatchObject({ status: 404, body: { error: 'no task exists' } });
    expect(await call('PATCH', '/kapacitor/v1/tasks/nope', { status: 'enabled' })).toMatchObject({ status: 404, body: { error: 'task does not exist, cannot update' } });
    expect((await call('DELETE', '/kapacitor/v1/tasks/nope')).status).toBe(204);
    await define('cpu');
    expect(await call('GET', '/kapacitor/v1/tasks/cpu?replay-id=r1')).toMatchObject({ status: 400, body: { error: 'no running replay with ID: r1' } });
    expect(await call('GET', '/kapacitor/v1/tasks/cpu?script-format=pretty')).toMatchObject({ status: 400, body: { error: 'invalid script-format parameter "pretty"' } });
  });

  it('answers ping with 204 and the version header, on GET and HEAD, and unknown routes with {"error"}', async () => {
    for (const method of ['GET', 'HEAD'] as const) {
      const ping = await call(method, '/kapacitor/v1/ping');
      expect([ping.status, ping.headers['x-kapacitor-version'], ping.body]).toEqual([204, KAPACITOR_API_VERSION, undefined]);
    }
    expect(await call('GET', '/kapacitor/v1/alerts/topics')).toEqual(expect.objectContaining({ status: 404, body: { error: 'Cannot GET /kapacitor/v1/alerts/topics' } }));
    expect(await call('POST', '/kapacitor/v1/nothing', {})).toEqual(expect.objectContaining({ status: 404, body: { error: 'Cannot POST /kapacitor/v1/nothing' } }));
  });

  it('shows a task that predates task records, its dbrp line still in its script, with zero times', async () => {
    const legacy = `dbrp "a"."b"\n${script('old')}`;
    await writeFile(join(folder(), 'tasks', 'old.tick'), legacy);
    await app.close();
    // Restarted over the folder, as vigil serve reads it at boot.
    ({ app, now } = await taskApi(folder(), await (await TaskFolder.open(join(folder(), 'tasks'))).list()));
    expect((await call('GET', '/kapacitor/v1/tasks/old')).body).toMatchObject({ script: legacy, dbrps: [{ db: 'a', rp: 'b' }], created: ZERO_TIME, modified: ZERO_TIME, 'last-enabled': ZERO_TIME });
    expect(await call('PATCH', '/kapacitor/v1/tasks/old', { dbrps: [{ db: 'c', rp: 'd' }] })).toMatchObject({ status: 400, body: { error: 'cannot specify dbrp in implicitly and explicitly' } });
    const redefined = await call('PATCH', '/kapacitor/v1/tasks/old', { script: script('old'), dbrps: [{ db: 'c', rp: 'd' }] });
    expect(redefined).toMatchObject({ status: 200, body: { script: script('old'), dbrps: [{ db: 'c', rp: 'd' }], created: ZERO_TIME, modified: CREATED.toISOString() } });
  });
});
