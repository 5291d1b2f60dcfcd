import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempFolder } from '../files/temp-folder.test';
import { TemplateFolder } from './template-folder';

const TEMPLATE = { id: 'cpu_t', script: 'var m string\nstream|from().measurement(m)\n', created: '2024-05-01T10:00:00.000Z', modified: '2024-05-02T10:00:00.000Z' };

describe('TemplateFolder', () => {
  const folder = useTempFolder('templates');

  it('puts, lists and removes templates with their times beside the script as written', async () => {
    const templates = await TemplateFolder.open(join(folder(), 'templates'));
    await templates.put(TEMPLATE);
    await templates.put({ ...TEMPLATE, id: 'a_t' });
    expect((await templates.list()).map((template) => template.id)).toEqual(['a_t', 'cpu_t']);
    expect(await templates.get('cpu_t')).toEqual(TEMPLATE);
    expect((await readdir(templates.folder)).sort()).toEqual(['a_t.template.json', 'a_t.tick', 'cpu_t.template.json', 'cpu_t.tick']);
    expect(await templates.remove('cpu_t')).toBe(true);
    expect(await templates.remove('cpu_t')).toBe(false);
    expect(await templates.get('cpu_t')).toBeUndefined();
  });

  it("keeps ids with '.', as Kapacitor's template ids allow, and refuses . and .. as a template id", async () => {
    const templates = await TemplateFolder.open(folder());
    await templates.put({ ...TEMPLATE, id: 'cpu.alert' });
    expect(await templates.get('cpu.alert')).toEqual({ ...TEMPLATE, id: 'cpu.alert' });
    expect((await templates.list()).map((template) => template.id)).toEqual(['cpu.alert']);
    await expect(templates.put({ ...TEMPLATE, id: '..' })).rejects.toThrow(`template id "..": "." and ".." name folders; use another template id`);
    await expect(templates.put({ ...TEMPLATE, id: 'cpu é' })).rejects.toThrow(`template id "cpu é": use 1 to 200 ASCII letters`);
  });

  it('names a template file it cannot read', async () => {
    const templates = await TemplateFolder.open(folder());
    await writeFile(templates.scriptPath('x'), 'stream|from()');
    await expect(templates.list()).rejects.toThrow(`${templates.recordPath('x')}: missing`);
    await writeFile(templates.recordPath('x'), '{"created":"now"}');
    await expect(templates.get('x')).rejects.toThrow(`${templates.recordPath('x')}: "created" must be an RFC 3339 time`);
    await writeFile(join(folder(), 'a b.tick'), 'stream|from()');
    await expect(templates.list()).rejects.toThrow(`template id "a b": use 1 to 200 ASCII letters, digits, '-', '.' or '_'`);
  });
});
