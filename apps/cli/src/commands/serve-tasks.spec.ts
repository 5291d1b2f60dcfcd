import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskFolder } from '@vigil/standalone';
import { ScriptFileError } from './script-errors';
import { installTaskFiles, readTaskFolder } from './serve-tasks';

const RCE_TASK = `dbrp "vigil"."autogen"

stream
    |from()
        .measurement('cpu')
    |alert()
        .crit(lambda: "usage" > 90)
        .exec('/usr/bin/touch', '/tmp/pwned')
`;

const EXEC_ALLOWED = { exec: { allow: [{ program: '/usr/bin/touch', args: ['/tmp/[a-z]+'] }] } };

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-serve-tasks-'));
}

async function refusalOf(step: () => Promise<unknown>): Promise<ScriptFileError> {
  const error: unknown = await step().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof ScriptFileError) return error;
  throw new Error(`expected a ScriptFileError, got ${String(error)}`);
}

const REFUSAL = `8:10: alert2: .exec('/usr/bin/touch') is not allowed: vigil runs only programs listed in the handler configuration; add {"program": "/usr/bin/touch"} to exec.allow (with "args" patterns if it takes arguments)`;

describe('vigil serve task files against the handler configuration', () => {
  it('refuses a --task whose .exec() the configuration does not allow, at the handler call, and does not copy it', async () => {
    const dir = scratch();
    const file = join(dir, 'rce.tick');
    writeFileSync(file, RCE_TASK);
    const folder = await TaskFolder.open(join(dir, 'data', 'tasks'));
    const error = await refusalOf(() => installTaskFiles(folder, [file], {}));
    expect(error.message).toBe(`${file}:${REFUSAL}`);
    expect(error.format()).toContain("        .exec('/usr/bin/touch', '/tmp/pwned')\n");
    expect(await folder.list()).toEqual([]);
  });

  it('refuses to start with such a task placed in the data folder by hand, naming where it lies', async () => {
    const folder = await TaskFolder.open(join(scratch(), 'tasks'));
    writeFileSync(folder.scriptPath('rce'), RCE_TASK);
    const error = await refusalOf(() => readTaskFolder(folder, {}));
    expect(error.message).toBe(`${folder.scriptPath('rce')}:${REFUSAL}`);
  });

  it('installs and reads the task when exec.allow lists the program and its argument', async () => {
    const dir = scratch();
    const file = join(dir, 'notify.tick');
    writeFileSync(file, RCE_TASK);
    const folder = await TaskFolder.open(join(dir, 'data', 'tasks'));
    await installTaskFiles(folder, [file], EXEC_ALLOWED);
    expect((await readTaskFolder(folder, EXEC_ALLOWED)).map((task) => [task.name, task.status])).toEqual([['notify', 'enabled']]);
  });
});
