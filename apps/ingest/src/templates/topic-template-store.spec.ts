import { createLogger } from '@vigil/observability';
import { defineTasks } from '@vigil/evaluation';
import { decodeTaskRecord, readTaskRequest, readTemplateRequest, taskSourceOf, type KapacitorTask } from '@vigil/kapacitor-api';
import { SERIES_PARTITION_KEYS } from '@vigil/topic-contract';
import { TopicTaskStore } from '../tasks/topic-task-store';
import { TopicTemplateStore } from './topic-template-store';

const TIME = '2024-05-01T10:00:00.000Z';
const template = (op: '>' | '<', extra = ''): string => `var crit = 90.0\n${extra}stream\n    |from()\n        .measurement('cpu')\n    |alert()\n        .crit(lambda: "usage" ${op} crit)\n`;

/** The stores over an in-memory stand-in for the two topics: every write gets the next offset (one sequence for both, growing as a topic's offsets grow) and is kept in order. */
function stores(): { tasks: TopicTaskStore; templates: TopicTemplateStore; written: { topic: string; key: string; value: string | null }[] } {
  const written: { topic: string; key: string; value: string | null }[] = [];
  const logger = createLogger({ service: 'test', level: 'silent' });
  const writer = (topic: string) => (key: string, value: string | null) => {
    written.push({ topic, key, value });
    return Promise.resolve(BigInt(written.length));
  };
  const made: { templates?: TopicTemplateStore } = {};
  const tasks = new TopicTaskStore(writer('tasks'), logger, undefined, (id) => made.templates?.template(id));
  const templates = new TopicTemplateStore(writer('templates'), tasks, logger);
  made.templates = templates;
  return { tasks, templates, written };
}

const taskOf = (name: string, script: string): KapacitorTask => ({ name, script, status: 'enabled', record: { dbrps: [{ db: 'vigil', rp: 'autogen' }], created: TIME, modified: TIME, lastEnabled: TIME, templateId: 'cpu_t' } });

describe('TopicTemplateStore', () => {
  it("rewrites the records of a template's tasks after the template's own, and leaves other tasks alone", async () => {
    const { tasks, templates, written } = stores();
    await templates.defineTemplate({ id: 'cpu_t', script: template('>'), created: TIME, modified: TIME });
    await tasks.define(taskOf('cpu_high', template('>')));
    await tasks.define({ ...taskOf('other', template('>')), record: { dbrps: [{ db: 'vigil', rp: 'autogen' }], created: TIME, modified: TIME, lastEnabled: TIME } });
    expect(tasks.template('cpu_t')?.script).toBe(template('>'));
    const before = written.length;

    await templates.defineTemplate({ id: 'cpu_t', script: template('<'), created: TIME, modified: '2024-05-02T10:00:00.000Z' });
    expect(written.slice(before).map(({ topic, key }) => `${topic}/${key}`)).toEqual(['templates/cpu_t', 'tasks/cpu_high']);
    expect(tasks.get('cpu_high')?.script).toBe(template('<'));
    expect(tasks.get('other')?.script).toBe(template('>'));
    expect(templates.templates().map((known) => [known.id, known.modified])).toEqual([['cpu_t', '2024-05-02T10:00:00.000Z']]);
  });

  it('refuses an update one of its tasks cannot take, writing nothing and naming the task', async () => {
    const { tasks, templates, written } = stores();
    await templates.defineTemplate({ id: 'cpu_t', script: template('>'), created: TIME, modified: TIME });
    await tasks.define(taskOf('cpu_high', template('>')));
    const before = written.length;
    const needsVar = template('>', 'var measurement string\n');
    await expect(templates.defineTemplate({ id: 'cpu_t', script: needsVar, created: TIME, modified: TIME })).rejects.toThrow(/task cpu_high: .*measurement/);
    expect(written).toHaveLength(before);
    expect(tasks.get('cpu_high')?.script).toBe(template('>'));
  });

  it("takes a batch template; its task's record holds the template's script and the task's vars, which the evaluator compiles as a batch task", async () => {
    const { tasks, templates, written } = stores();
    const script = `var query string\nvar crit = 90.0\nbatch\n    |query(query)\n        .period(1m)\n        .every(1m)\n    |alert()\n        .crit(lambda: "usage" > crit)\n`;
    await templates.defineTemplate(readTemplateRequest(Buffer.from(JSON.stringify({ id: 'cpu_b', type: 'batch', script })), undefined, new Date(TIME)));
    const vars = { query: { type: 'string', value: 'SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"' } };
    const request = { id: 'cpu_batch', 'template-id': 'cpu_b', dbrps: [{ db: 'telegraf', rp: 'autogen' }], vars, status: 'enabled' };
    await tasks.define(readTaskRequest(Buffer.from(JSON.stringify(request)), undefined, new Date(TIME), (id) => templates.template(id)));
    const record = written.at(-1);
    expect(record?.topic).toBe('tasks');
    const [definition] = defineTasks([taskSourceOf(decodeTaskRecord(record?.key ?? '', record?.value ?? ''))], SERIES_PARTITION_KEYS);
    const query = definition?.pipeline.nodes.find((node) => node.type === 'query');
    expect(query?.args[0]).toMatchObject({ type: 'string', value: vars.query.value });
  });

  it("refuses an id outside Kapacitor's template id pattern before writing a key", async () => {
    const { templates, written } = stores();
    await expect(templates.defineTemplate({ id: '../../../tmp/pwn', script: template('>'), created: TIME, modified: TIME })).rejects.toThrow(
      `template ID must contain only letters, numbers, '-', '.' and '_'. "../../../tmp/pwn"`,
    );
    expect(written).toEqual([]);
    expect(() => readTemplateRequest(Buffer.from(JSON.stringify({ id: 'a/b', script: template('>') })), undefined, new Date(TIME))).toThrow(`template ID must contain only letters, numbers, '-', '.' and '_'. "a/b"`);
  });

  it('deletes a template with a tombstone and keeps its tasks; deleting an unknown one is a missing-template error', async () => {
    const { tasks, templates, written } = stores();
    await templates.defineTemplate({ id: 'cpu_t', script: template('>'), created: TIME, modified: TIME });
    await tasks.define(taskOf('cpu_high', template('>')));
    await templates.removeTemplate('cpu_t');
    expect(written.at(-1)).toEqual({ topic: 'templates', key: 'cpu_t', value: null });
    expect(templates.templates()).toEqual([]);
    expect(tasks.get('cpu_high')?.record?.templateId).toBe('cpu_t');
    await expect(templates.removeTemplate('cpu_t')).rejects.toMatchObject({ missing: true });
  });
});
