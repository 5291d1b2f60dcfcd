import { createLogger } from '@vigil/observability';
import type { KapacitorTask } from '@vigil/kapacitor-api';
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
