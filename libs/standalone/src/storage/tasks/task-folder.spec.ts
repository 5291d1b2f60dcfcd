import { readdir, writeFile } from 'node:fs/promises';
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
    await tasks.put('b_cpu', SCRIPT, { crit: { type: 'int', value: 95 } });
    await tasks.put('a-mem', SCRIPT);
    expect(await tasks.list()).toEqual([
      { name: 'a-mem', script: SCRIPT },
      { name: 'b_cpu', script: SCRIPT, vars: { crit: { type: 'int', value: 95 } } },
    ]);
    expect((await readdir(tasks.folder)).sort()).toEqual(['a-mem.tick', 'b_cpu.tick', 'b_cpu.vars.json']);

    await tasks.put('b_cpu', SCRIPT);
    expect(await tasks.get('b_cpu')).toEqual({ name: 'b_cpu', script: SCRIPT });
    expect(await tasks.remove('b_cpu')).toBe(true);
    expect(await tasks.remove('b_cpu')).toBe(false);
    expect(await tasks.list()).toEqual([{ name: 'a-mem', script: SCRIPT }]);
  });

  it('refuses names that are not file-safe task names', async () => {
    const tasks = await TaskFolder.open(folder());
    await expect(tasks.put('../escape', SCRIPT)).rejects.toThrow(TaskFolderError);
    await expect(tasks.put('cpu.high', SCRIPT)).rejects.toThrow(`task name "cpu.high": use 1 to 200 letters, digits, '_' or '-'`);
    await expect(tasks.remove('')).rejects.toThrow(TaskFolderError);
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
    expect(await tasks.list()).toEqual([]);
  });
});
