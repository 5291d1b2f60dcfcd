import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskDefinition } from '@vigil/evaluation';
import { compileTemplate, readTaskRequest, readTemplateRequest, templateObject, templateVars } from '@vigil/kapacitor-api';
import { TaskFolder } from '../storage/tasks/task-folder';
import { TemplateFolder } from '../storage/templates/template-folder';
import { TaskCatalog } from './task-catalog';

const TEMPLATE = `var measurement string
var crit = 90.0
var every = 5m
var warn = lambda: "usage" > 50

stream
    |from()
        .measurement(measurement)
    |alert()
        .crit(lambda: "usage" > crit)
        .warn(warn)
`;
const T1 = new Date('2024-05-01T10:00:00.000Z');
const T2 = new Date('2024-05-02T10:00:00.000Z');
const template = (script: string, modified = T1): { id: string; script: string; created: string; modified: string } => ({ id: 'cpu_t', script, created: T1.toISOString(), modified: modified.toISOString() });
const body = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

async function catalogWithTemplates(): Promise<{ catalog: TaskCatalog; tasks: TaskFolder; templates: TemplateFolder; runs: TaskDefinition[][] }> {
  const root = mkdtempSync(join(tmpdir(), 'vigil-templates-'));
  const tasks = await TaskFolder.open(join(root, 'tasks'));
  const templates = await TemplateFolder.open(join(root, 'templates'));
  const runs: TaskDefinition[][] = [];
  const catalog = new TaskCatalog(tasks, [], async (definitions) => void runs.push([...definitions]), {}, { folder: templates, initial: [] });
  return { catalog, tasks, templates, runs };
}

describe('templates', () => {
  it('lists the vars a template declares, a declaration without a value as required (null)', () => {
    expect(templateVars(TEMPLATE)).toEqual({
      measurement: { type: 'string', value: null, description: '' },
      crit: { type: 'float', value: 90, description: '' },
      every: { type: 'duration', value: 300_000_000_000, description: '' },
      warn: { type: 'lambda', value: '"usage" > 50', description: '' },
    });
  });

  it('checks a template before any task gives its vars, with its line and column', () => {
    expect(compileTemplate(template(TEMPLATE)).pipeline.nodes.map((node) => node.name)).toEqual(['stream0', 'from1', 'alert2']);
    expect(() => compileTemplate(template(TEMPLATE.replace('.crit', '.crt')))).toThrow(/^template cpu_t: 10:10: /);
  });

  it('defines a task from a template with vars, and an update of the template rewrites and reloads it', async () => {
    const { catalog, tasks, templates, runs } = await catalogWithTemplates();
    await catalog.defineTemplate(template(TEMPLATE));
    const request = { id: 'cpu', 'template-id': 'cpu_t', dbrps: [{ db: 'telegraf', rp: 'autogen' }], vars: { measurement: { type: 'string', value: 'cpu' } }, status: 'enabled' };
    const task = readTaskRequest(body(request), undefined, T1, (id) => catalog.template(id));
    expect(task).toMatchObject({ name: 'cpu', script: TEMPLATE, record: { templateId: 'cpu_t', dbrps: [{ db: 'telegraf', rp: 'autogen' }] } });
    await catalog.define(task);
    expect(runs.at(-1)?.map((definition) => definition.name)).toEqual(['cpu']);

    const updated = TEMPLATE.replace('"usage" > crit', '"usage" >= crit');
    await catalog.defineTemplate(template(updated, T2));
    expect(catalog.get('cpu')).toMatchObject({ script: updated, status: 'enabled', record: { templateId: 'cpu_t', dbrps: [{ db: 'telegraf', rp: 'autogen' }] } });
    expect((await tasks.get('cpu'))?.script).toBe(updated);
    expect((await templates.get('cpu_t'))?.script).toBe(updated);
    expect(runs).toHaveLength(2);
    expect(runs[1]?.map((definition) => definition.name)).toEqual(['cpu']);
  });

  it('refuses an update one of its tasks cannot take, changing nothing', async () => {
    const { catalog, runs } = await catalogWithTemplates();
    await catalog.defineTemplate(template(TEMPLATE));
    const vars = { measurement: { type: 'string', value: 'cpu' } };
    await catalog.define(readTaskRequest(body({ id: 'cpu', 'template-id': 'cpu_t', dbrps: [{ db: 'a', rp: 'b' }], vars, status: 'enabled' }), undefined, T1, (id) => catalog.template(id)));
    const needsMore = `var host string\n${TEMPLATE.replace(".measurement(measurement)", ".measurement(measurement)\n        .where(lambda: \"host\" == host)")}`;
    await expect(catalog.defineTemplate(template(needsMore, T2))).rejects.toThrow(/^task cpu: 1:1: missing value for var host/);
    expect(catalog.template('cpu_t')?.script).toBe(TEMPLATE);
    expect(catalog.get('cpu')?.script).toBe(TEMPLATE);
    expect(runs).toHaveLength(1);
  });

  it('takes a batch template (define-template -type batch): its type is the script\'s, its query and schedule may be vars', async () => {
    const batchTemplate = `var query string
var period duration
var every = 1m
var crit = 90.0

batch
    |query(query)
        .period(period)
        .every(every)
        .groupBy('host')
    |alert()
        .crit(lambda: "usage" > crit)
`;
    const read = readTemplateRequest(body({ id: 'cpu_b', type: 'batch', script: batchTemplate }), undefined, T1);
    expect(templateObject(read)).toMatchObject({ id: 'cpu_b', type: 'batch', vars: { query: { type: 'string', value: null }, period: { type: 'duration', value: null } } });
    expect(() => readTemplateRequest(body({ id: 'x', type: 'bach', script: batchTemplate }), undefined, T1)).toThrow('invalid template type "bach": expected "stream" or "batch"');
    expect(() => readTemplateRequest(body({ id: '../../../tmp/pwn', script: batchTemplate }), undefined, T1)).toThrow(`template ID must contain only letters, numbers, '-', '.' and '_'. "../../../tmp/pwn"`);
    expect(templateObject(template(TEMPLATE)).type).toBe('stream');
    const cron = batchTemplate.replace('var every = 1m', 'var schedule string').replace('.every(every)', '.cron(schedule)');
    expect(compileTemplate(template(cron)).pipeline.nodes.map((node) => node.type)).toEqual(['batch', 'query', 'alert']);

    const { catalog, runs } = await catalogWithTemplates();
    await catalog.defineTemplate(read);
    const vars = { query: { type: 'string', value: 'SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"' }, period: { type: 'duration', value: 300_000_000_000 } };
    const task = readTaskRequest(body({ id: 'cpu_batch', 'template-id': 'cpu_b', dbrps: [{ db: 'telegraf', rp: 'autogen' }], vars, status: 'enabled' }), undefined, T1, (id) => catalog.template(id));
    await catalog.define(task);
    expect(runs.at(-1)?.map((definition) => definition.name)).toEqual(['cpu_batch']);
    // Without the query var the task is refused, as a stream template's task without its vars is.
    const missing = readTaskRequest(body({ id: 'cpu_nope', 'template-id': 'cpu_b', dbrps: [{ db: 'telegraf', rp: 'autogen' }], vars: { period: vars.period } }), undefined, T1, (id) => catalog.template(id));
    await expect(catalog.define(missing)).rejects.toThrow(/missing value for var query/);
  });

  it("keeps a template id and a task id with '.', which Kapacitor's id rule allows, and refuses .. as a template id with the data folder's reason", async () => {
    const { catalog, tasks, templates, runs } = await catalogWithTemplates();
    await catalog.defineTemplate(readTemplateRequest(body({ id: 'cpu.alert', script: TEMPLATE }), undefined, T1));
    const request = { id: 'cpu.high', 'template-id': 'cpu.alert', dbrps: [{ db: 'telegraf', rp: 'autogen' }], vars: { measurement: { type: 'string', value: 'cpu' } }, status: 'enabled' };
    await catalog.define(readTaskRequest(body(request), undefined, T1, (id) => catalog.template(id)));
    expect(runs.at(-1)?.map((definition) => definition.name)).toEqual(['cpu.high']);
    expect((await templates.list()).map((known) => known.id)).toEqual(['cpu.alert']);
    expect((await tasks.list()).map((known) => [known.name, known.record?.templateId])).toEqual([['cpu.high', 'cpu.alert']]);
    // Kapacitor's rule lets `..` through; as a file name it would name a folder.
    const dots = readTemplateRequest(body({ id: '..', script: TEMPLATE }), undefined, T1);
    await expect(catalog.defineTemplate(dots)).rejects.toThrow(`template id "..": "." and ".." name folders; use another template id`);
    expect((await templates.list()).map((known) => known.id)).toEqual(['cpu.alert']);
  });

  it("deletes a template and keeps its tasks running with the script they hold, as Kapacitor does", async () => {
    const { catalog, templates, runs } = await catalogWithTemplates();
    await catalog.defineTemplate(template(TEMPLATE));
    await catalog.define(readTaskRequest(body({ id: 'cpu', 'template-id': 'cpu_t', dbrps: [{ db: 'a', rp: 'b' }], vars: { measurement: { type: 'string', value: 'cpu' } }, status: 'enabled' }), undefined, T1, (id) => catalog.template(id)));
    await catalog.removeTemplate('cpu_t');
    expect(await readdir(templates.folder)).toEqual([]);
    expect(catalog.get('cpu')).toMatchObject({ script: TEMPLATE, record: { templateId: 'cpu_t' } });
    expect(runs).toHaveLength(1);
    // A later change of the task looks its template up, as Kapacitor's handleUpdateTask does.
    expect(() => readTaskRequest(body({ status: 'disabled' }), catalog.get('cpu'), T2, (id) => catalog.template(id))).toThrow('unknown template cpu_t: err: no template exists');
    expect(() => readTaskRequest(body({ id: 'mem', 'template-id': 'other', dbrps: [{ db: 'a', rp: 'b' }] }), undefined, T2, () => undefined)).toThrow('unknown template other: err: no template exists');
  });
});
