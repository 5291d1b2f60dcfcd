import { ZERO_TIME, type KapacitorTask } from './kapacitor-task';
import { readTaskRequest, TaskRequestError } from './task-request';

const SCRIPT = "stream\n    |from()\n        .measurement('cpu')\n    |alert()\n        .crit(lambda: \"usage\" > 90)\n";
const DBRP_SCRIPT = `dbrp "vigil"."autogen"\n${SCRIPT}`;
const body = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const T1 = new Date('2024-05-01T10:00:00.000Z');
const T2 = new Date('2024-05-02T11:00:00.000Z');
const T3 = new Date('2024-05-03T12:00:00.000Z');

/** The written script and record of a task read from a request. */
const parts = (task: KapacitorTask): { written: string; record: KapacitorTask['record'] } => ({ written: task.script, record: task.record });

describe('readTaskRequest', () => {
  it("keeps the script as written and the request's dbrps beside it", () => {
    const task = readTaskRequest(body({ id: 'cpu', type: 'stream', dbrps: [{ db: 'telegraf', rp: 'autogen' }, { db: 'vigil', rp: 'autogen' }], script: SCRIPT, status: 'enabled' }), undefined, T1);
    expect(task.name).toBe('cpu');
    expect(parts(task)).toEqual({
      written: SCRIPT,
      record: { dbrps: [{ db: 'telegraf', rp: 'autogen' }, { db: 'vigil', rp: 'autogen' }], created: T1.toISOString(), modified: T1.toISOString(), lastEnabled: T1.toISOString() },
    });
    // The script is the text the user wrote, nothing appended: the dbrps are compiled beside it.
    expect(task.script).toBe(SCRIPT);
  });

  it("refuses dbrps both in the script and in the request, and none at all, with Kapacitor's messages", () => {
    expect(() => readTaskRequest(body({ id: 'cpu', dbrps: [{ db: 'a', rp: 'b' }], script: DBRP_SCRIPT }), undefined, T1)).toThrow(new TaskRequestError('cannot specify dbrp in both implicitly and explicitly'));
    expect(() => readTaskRequest(body({ id: 'cpu', script: SCRIPT }), undefined, T1)).toThrow(new TaskRequestError('must specify dbrp'));
    expect(parts(readTaskRequest(body({ id: 'cpu', script: DBRP_SCRIPT }), undefined, T1)).record?.dbrps).toEqual([]);
  });

  it("applies Kapacitor's update rules for dbrps", () => {
    const fromRequest = readTaskRequest(body({ id: 'cpu', dbrps: [{ db: 'a', rp: 'b' }], script: SCRIPT }), undefined, T1);
    // A new script without dbrps keeps the request's dbrps of before; new request dbrps replace them.
    expect(parts(readTaskRequest(body({ script: `${SCRIPT}\n` }), fromRequest, T2)).record?.dbrps).toEqual([{ db: 'a', rp: 'b' }]);
    expect(parts(readTaskRequest(body({ dbrps: [{ db: 'c', rp: 'd' }] }), fromRequest, T2)).record?.dbrps).toEqual([{ db: 'c', rp: 'd' }]);
    // A script with dbrps replaces them.
    expect(parts(readTaskRequest(body({ script: DBRP_SCRIPT }), fromRequest, T2)).record?.dbrps).toEqual([]);

    const fromScript = readTaskRequest(body({ id: 'cpu', script: DBRP_SCRIPT }), undefined, T1);
    expect(() => readTaskRequest(body({ script: SCRIPT }), fromScript, T2)).toThrow(new TaskRequestError('must specify dbrp'));
    expect(() => readTaskRequest(body({ dbrps: [{ db: 'c', rp: 'd' }] }), fromScript, T2)).toThrow(new TaskRequestError('cannot specify dbrp in implicitly and explicitly'));
    expect(parts(readTaskRequest(body({ script: SCRIPT, dbrps: [{ db: 'c', rp: 'd' }] }), fromScript, T2))).toMatchObject({ written: SCRIPT, record: { dbrps: [{ db: 'c', rp: 'd' }] } });
  });

  it('takes a task whose script had the dbrp line of an older vigil written into it', () => {
    const legacy = { name: 'cpu', script: DBRP_SCRIPT, status: 'enabled' as const };
    const enabled = readTaskRequest(body({ status: 'disabled' }), legacy, T2);
    expect(parts(enabled)).toEqual({ written: DBRP_SCRIPT, record: { dbrps: [], created: ZERO_TIME, modified: T2.toISOString(), lastEnabled: ZERO_TIME } });
    // Redefined with a script of its own and -dbrp, as `kapacitor define -tick -dbrp` sends it.
    expect(parts(readTaskRequest(body({ script: SCRIPT, dbrps: [{ db: 'vigil', rp: 'autogen' }] }), legacy, T2))).toMatchObject({ written: SCRIPT, record: { dbrps: [{ db: 'vigil', rp: 'autogen' }] } });
  });

  it('dates a task as Kapacitor does: created once, modified by every change, last enabled when it becomes enabled', () => {
    const created = readTaskRequest(body({ id: 'cpu', script: DBRP_SCRIPT }), undefined, T1);
    expect(parts(created).record).toMatchObject({ created: T1.toISOString(), modified: T1.toISOString(), lastEnabled: ZERO_TIME });
    const enabled = readTaskRequest(body({ status: 'enabled' }), created, T2);
    expect(parts(enabled).record).toMatchObject({ created: T1.toISOString(), modified: T2.toISOString(), lastEnabled: T2.toISOString() });
    const redefined = readTaskRequest(body({ status: 'enabled', script: `${DBRP_SCRIPT}\n` }), enabled, T3);
    expect(parts(redefined).record).toMatchObject({ created: T1.toISOString(), modified: T3.toISOString(), lastEnabled: T2.toISOString() });
  });

  it('keeps what a PATCH leaves out, and refuses a rename', () => {
    const current = readTaskRequest(body({ id: 'cpu', script: SCRIPT, dbrps: [{ db: 'a', rp: 'b' }], status: 'enabled' }), undefined, T1);
    const patched = readTaskRequest(body({ status: 'enabled' }), current, T2);
    expect(patched).toEqual({ ...current, record: { dbrps: [{ db: 'a', rp: 'b' }], created: T1.toISOString(), modified: T2.toISOString(), lastEnabled: T1.toISOString() } });
    expect(() => readTaskRequest(body({ id: 'other' }), current, T2)).toThrow('renaming a task is not supported');
  });

  it.each([
    [{ script: DBRP_SCRIPT }, 'task id is required'],
    [{ id: 'a/b', script: DBRP_SCRIPT }, `task ID must contain only letters, numbers, '-', '.' and '_'. "a/b"`],
    [{ id: '..', script: DBRP_SCRIPT }, 'task ID "..": task names cannot be "." or "..", which name folders'],
    [{ id: 'cpu' }, 'script is required'],
    [{ id: 'cpu', script: ' \n' }, 'script is required'],
    [{ id: 'cpu', type: 'threshold', script: DBRP_SCRIPT }, 'invalid task type "threshold": expected "stream" or "batch"'],
    [{ id: 'cpu', script: DBRP_SCRIPT, status: 'paused' }, 'invalid status "paused": expected "enabled" or "disabled"'],
    [{ id: 'cpu', script: DBRP_SCRIPT, vars: { limit: { type: 5, value: 1 } } }, 'vars: var "limit" needs "type" and "value"'],
    [{ id: 'cpu', script: DBRP_SCRIPT, vars: { limit: { type: 'int' } } }, 'vars: var "limit" needs "type" and "value"'],
    [{ id: 'cpu', script: DBRP_SCRIPT, vars: [1] }, 'vars: expected a JSON object'],
    [{ id: 'cpu', script: SCRIPT, dbrps: [{ db: 'a' }] }, 'each dbrp needs "db" and "rp" strings'],
    [{ id: 'cpu', script: SCRIPT, dbrps: 'a.b' }, 'dbrps must be a list'],
    [{ id: 'cpu', script: DBRP_SCRIPT, 'template-id': 't' }, 'unknown template t: err: no template exists'],
  ])('refuses %j', (request, message) => {
    expect(() => readTaskRequest(body(request), undefined, T1)).toThrow(TaskRequestError);
    expect(() => readTaskRequest(body(request), undefined, T1)).toThrow(message);
  });

  it("takes Kapacitor's vars object; a PATCH without vars, or with {}, keeps them", () => {
    const script = `dbrp "a"."b"\nvar limit float\n${SCRIPT.replace('90', 'limit')}`;
    const vars = { limit: { type: 'float', value: 1.5 }, hosts: { type: 'list', value: [{ type: 'string', value: 'a' }] } };
    const defined = readTaskRequest(body({ id: 'cpu', script, vars }), undefined, T1);
    expect(defined).toMatchObject({ name: 'cpu', vars, status: 'disabled' });
    const same = (patch: unknown): unknown => readTaskRequest(body(patch), defined, T1);
    expect(same({ status: 'disabled' })).toEqual(defined);
    expect(same({ vars: null })).toEqual(defined);
    expect(same({ vars: {} })).toEqual(defined);
    expect(same({ vars: { limit: { type: 'float', value: 3 } } })).toEqual({ ...defined, vars: { limit: { type: 'float', value: 3 } } });
  });

  it('defines a task disabled unless the POST says enabled, as Kapacitor does; a PATCH changes or keeps the status', () => {
    const created = readTaskRequest(body({ id: 'cpu', script: DBRP_SCRIPT }), undefined, T1);
    expect(created.status).toBe('disabled');
    expect(readTaskRequest(body({ id: 'cpu', script: DBRP_SCRIPT, status: '' }), undefined, T1).status).toBe('disabled');
    const enabled = readTaskRequest(body({ status: 'enabled' }), created, T1);
    expect(enabled.status).toBe('enabled');
    expect(readTaskRequest(body({ script: DBRP_SCRIPT }), enabled, T1).status).toBe('enabled');
    expect(readTaskRequest(body({ status: 'disabled' }), enabled, T1).status).toBe('disabled');
  });

  it('refuses a body that is not a JSON object', () => {
    expect(() => readTaskRequest(Buffer.from('id=cpu'), undefined, T1)).toThrow('request body is not JSON');
    expect(() => readTaskRequest(Buffer.from('[]'), undefined, T1)).toThrow('request body must be a JSON object');
  });
});
