import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempFolder } from '../files/temp-folder.test';
import { TaskFolderError } from './task-file';
import { TaskFolder } from './task-folder';

const SCRIPT = `dbrp "telegraf"."autogen"
var crit = 90
stream|from().measurement('cpu')|alert().crit(lambda: "usage" > crit)
`;

describe('TaskFolder', () => {
  const folder = useTempFolder('tasks');

  it('puts, lists in name order and removes tasks with their vars', async () => {
    const tasks = await TaskFolder.open(join(folder(), 'tasks'));
    await tasks.put('b_cpu', SCRIPT, { vars: { crit: { type: 'int', value: 95 } } });
    await tasks.put('a-mem', SCRIPT);
    expect(await tasks.list()).toEqual([
      { name: 'a-mem', script: SCRIPT, status: 'enabled' },
      { name: 'b_cpu', script: SCRIPT, vars: { crit: { type: 'int', value: 95 } }, status: 'enabled' },
    ]);
    expect((await readdir(tasks.folder)).sort()).toEqual(['a-mem.tick', 'b_cpu.tick', 'b_cpu.vars.json']);

    await tasks.put('b_cpu', SCRIPT);
    expect(await tasks.get('b_cpu')).toEqual({ name: 'b_cpu', script: SCRIPT, status: 'enabled' });
    expect(await tasks.remove('b_cpu')).toBe(true);
    expect(await tasks.remove('b_cpu')).toBe(false);
    expect(await tasks.list()).toEqual([{ name: 'a-mem', script: SCRIPT, status: 'enabled' }]);
  });

  it('keeps a status file for a disabled task; a put without status keeps it, remove deletes it', async () => {
    const tasks = await TaskFolder.open(join(folder(), 'tasks'));
    await tasks.put('cpu', SCRIPT, { status: 'disabled' });
    expect(await readFile(tasks.statusPath('cpu'), 'utf8')).toBe('disabled\n');
    expect(await tasks.get('cpu')).toEqual({ name: 'cpu', script: SCRIPT, status: 'disabled' });
    // --task puts without a status: a task disabled over the API stays disabled.
    await tasks.put('cpu', `${SCRIPT}\n`);
    expect((await tasks.get('cpu'))?.status).toBe('disabled');
    // Enabled is the default, kept as no file.
    await tasks.put('cpu', SCRIPT, { status: 'enabled' });
    expect((await readdir(tasks.folder)).sort()).toEqual(['cpu.tick']);
    expect((await tasks.get('cpu'))?.status).toBe('enabled');
    await tasks.put('cpu', SCRIPT, { status: 'disabled' });
    expect(await tasks.remove('cpu')).toBe(true);
    expect(await readdir(tasks.folder)).toEqual([]);
  });

  it('reads a hand-written status file and names a bad one', async () => {
    const tasks = await TaskFolder.open(folder());
    await tasks.put('cpu', SCRIPT);
    await writeFile(tasks.statusPath('cpu'), ' disabled \n');
    expect((await tasks.get('cpu'))?.status).toBe('disabled');
    await writeFile(tasks.statusPath('cpu'), 'off');
    await expect(tasks.list()).rejects.toThrow(`${tasks.statusPath('cpu')}: expected "enabled" or "disabled", got "off"`);
  });

  it("keeps the task API's script as written, with its record (dbrps, template and times) beside it", async () => {
    const tasks = await TaskFolder.open(folder());
    const written = "stream|from().measurement('cpu')|alert().crit(lambda: \"usage\" > 90)\n";
    const record = { dbrps: [{ db: 'telegraf', rp: 'autogen' }], created: '2024-05-01T10:00:00.000Z', modified: '2024-05-02T10:00:00.000Z', lastEnabled: '2024-05-01T10:00:00.000Z', templateId: 'cpu_t' };
    await tasks.put('cpu', written, { status: 'enabled', record });
    expect(await readFile(tasks.scriptPath('cpu'), 'utf8')).toBe(written);
    expect(JSON.parse(await readFile(tasks.recordPath('cpu'), 'utf8'))).toEqual({ dbrps: record.dbrps, created: record.created, modified: record.modified, 'last-enabled': record.lastEnabled, 'template-id': 'cpu_t' });
    expect(await tasks.get('cpu')).toEqual({ name: 'cpu', script: written, status: 'enabled', record });

    // A plain script (`--task`) declares its own dbrps: the record goes.
    await tasks.put('cpu', SCRIPT);
    expect((await readdir(tasks.folder)).sort()).toEqual(['cpu.tick']);
    await tasks.put('cpu', written, { record });
    expect(await tasks.remove('cpu')).toBe(true);
    expect(await readdir(tasks.folder)).toEqual([]);
  });

  it('reads a task of an older vigil, whose script holds the request dbrp line, as it lies', async () => {
    const tasks = await TaskFolder.open(folder());
    await writeFile(join(folder(), 'legacy.tick'), SCRIPT);
    expect(await tasks.list()).toEqual([{ name: 'legacy', script: SCRIPT, status: 'enabled' }]);
  });

  it('names a record file it cannot read', async () => {
    const tasks = await TaskFolder.open(folder());
    await tasks.put('cpu', SCRIPT);
    await writeFile(tasks.recordPath('cpu'), '{"dbrps": []}');
    await expect(tasks.get('cpu')).rejects.toThrow(`${tasks.recordPath('cpu')}: "created" must be an RFC 3339 time`);
  });

  it('refuses names that are not file-safe task names', async () => {
    const tasks = await TaskFolder.open(folder());
    await expect(tasks.put('../escape', SCRIPT)).rejects.toThrow(TaskFolderError);
    await expect(tasks.put('cpu é', SCRIPT)).rejects.toThrow(`task name "cpu é": use 1 to 200 ASCII letters, digits, '-', '.' or '_'`);
    await expect(tasks.put('..', SCRIPT)).rejects.toThrow(`task name "..": "." and ".." name folders; use another task name`);
    await expect(tasks.get('.')).rejects.toThrow(`task name ".": "." and ".." name folders; use another task name`);
    await expect(tasks.remove('')).rejects.toThrow(TaskFolderError);
  });

  it("keeps names with '.', as Kapacitor's ids allow, apart from the files of other names", async () => {
    const tasks = await TaskFolder.open(folder());
    await tasks.put('cpu', SCRIPT, { vars: { limit: { type: 'int', value: 1 } } });
    await tasks.put('cpu.vars', SCRIPT, { status: 'disabled' });
    await tasks.put('.cpu.high', SCRIPT);
    expect((await tasks.list()).map((task) => [task.name, task.status, task.vars])).toEqual([
      ['.cpu.high', 'enabled', undefined],
      ['cpu', 'enabled', { limit: { type: 'int', value: 1 } }],
      ['cpu.vars', 'disabled', undefined],
    ]);
    expect(await tasks.remove('cpu.vars')).toBe(true);
    expect((await tasks.list()).map((task) => task.name)).toEqual(['.cpu.high', 'cpu']);
  });

  it('names a task file with a bad name or bad vars instead of skipping it', async () => {
    const tasks = await TaskFolder.open(folder());
    await writeFile(join(folder(), 'my task.tick'), SCRIPT);
    await expect(tasks.list()).rejects.toThrow(`${join(folder(), 'my task.tick')}: task name "my task"`);

    const other = await TaskFolder.open(join(folder(), 'other'));
    await other.put('cpu', SCRIPT);
    await writeFile(other.varsPath('cpu'), '{"crit": 90}');
    await expect(other.list()).rejects.toThrow(`${other.varsPath('cpu')}: var "crit" needs "type" and "value"`);
  });

  it('ignores files that are not task scripts', async () => {
    const tasks = await TaskFolder.open(folder());
    await writeFile(join(folder(), 'README.md'), '# notes');
    await writeFile(join(folder(), 'orphan.vars.json'), '{}');
    await writeFile(join(folder(), 'orphan.status'), 'disabled');
    await writeFile(join(folder(), 'orphan.task.json'), '{}');
    expect(await tasks.list()).toEqual([]);
  });
});
