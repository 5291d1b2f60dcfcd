import { readTaskRequest, TaskRequestError } from './task-request';

const SCRIPT = "stream\n    |from()\n        .measurement('cpu')\n    |alert()\n        .crit(lambda: \"usage\" > 90)\n";
const body = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('readTaskRequest', () => {
  it("writes the request's dbrps into the script unless it declares them itself", () => {
    const task = readTaskRequest(body({ id: 'cpu', type: 'stream', dbrps: [{ db: 'telegraf', rp: 'autogen' }, { db: 'vigil', rp: 'autogen' }], script: `dbrp "vigil"."autogen"\n${SCRIPT}`, status: 'enabled' }), undefined);
    expect(task).toEqual({ name: 'cpu', script: `dbrp "telegraf"."autogen"\ndbrp "vigil"."autogen"\n${SCRIPT}`, status: 'enabled' });
  });

  it('keeps what a PATCH leaves out, and refuses a rename', () => {
    const current = { name: 'cpu', script: `dbrp "a"."b"\n${SCRIPT}`, status: 'enabled' as const };
    expect(readTaskRequest(body({ status: 'enabled' }), current)).toEqual(current);
    expect(readTaskRequest(body({ script: current.script }), current)).toEqual(current);
    expect(() => readTaskRequest(body({ id: 'other' }), current)).toThrow('renaming a task is not supported');
  });

  it.each([
    [{ script: SCRIPT }, 'task id is required'],
    [{ id: 'cpu' }, 'script is required'],
    [{ id: 'cpu', type: 'batch', script: SCRIPT }, 'task type "batch" is not supported'],
    [{ id: 'cpu', script: SCRIPT, status: 'paused' }, 'invalid status "paused": expected "enabled" or "disabled"'],
    [{ id: 'cpu', script: SCRIPT, vars: { limit: { type: 5, value: 1 } } }, 'vars: var "limit" needs "type" and "value"'],
    [{ id: 'cpu', script: SCRIPT, vars: { limit: { type: 'int' } } }, 'vars: var "limit" needs "type" and "value"'],
    [{ id: 'cpu', script: SCRIPT, vars: [1] }, 'vars: expected a JSON object'],
    [{ id: 'cpu', script: SCRIPT, dbrps: [{ db: 'a"b', rp: 'x' }] }, 'each dbrp needs "db" and "rp"'],
    [{ id: 'cpu', script: SCRIPT, 'template-id': 't' }, 'templates are not supported'],
  ])('refuses %j', (request, message) => {
    expect(() => readTaskRequest(body(request), undefined)).toThrow(TaskRequestError);
    expect(() => readTaskRequest(body(request), undefined)).toThrow(message);
  });

  it("takes Kapacitor's vars object; a PATCH without vars keeps them and {} drops them", () => {
    const script = `dbrp "a"."b"\nvar limit float\n${SCRIPT.replace('90', 'limit')}`;
    const vars = { limit: { type: 'float', value: 1.5 }, hosts: { type: 'list', value: [{ type: 'string', value: 'a' }] } };
    const defined = readTaskRequest(body({ id: 'cpu', dbrps: [{ db: 'a', rp: 'b' }], script, vars }), undefined);
    // The script's own dbrp is found although its var has no default: the vars compile with it.
    expect(defined).toEqual({ name: 'cpu', script, vars, status: 'disabled' });
    expect(readTaskRequest(body({ status: 'disabled' }), defined)).toEqual(defined);
    expect(readTaskRequest(body({ vars: null }), defined)).toEqual(defined);
    expect(readTaskRequest(body({ vars: { limit: { type: 'float', value: 3 } } }), defined)).toEqual({ ...defined, vars: { limit: { type: 'float', value: 3 } } });
    expect(readTaskRequest(body({ vars: {} }), defined)).toEqual({ name: 'cpu', script, status: 'disabled' });
  });

  it("defines a task disabled unless the POST says enabled, as Kapacitor does; a PATCH changes or keeps the status", () => {
    const created = readTaskRequest(body({ id: 'cpu', script: SCRIPT }), undefined);
    expect(created.status).toBe('disabled');
    expect(readTaskRequest(body({ id: 'cpu', script: SCRIPT, status: '' }), undefined).status).toBe('disabled');
    const enabled = readTaskRequest(body({ status: 'enabled' }), created);
    expect(enabled).toEqual({ ...created, status: 'enabled' });
    expect(readTaskRequest(body({ vars: {} }), enabled).status).toBe('enabled');
    expect(readTaskRequest(body({ status: 'disabled' }), enabled)).toEqual(created);
  });

  it('refuses a body that is not a JSON object', () => {
    expect(() => readTaskRequest(Buffer.from('id=cpu'), undefined)).toThrow('request body is not JSON');
    expect(() => readTaskRequest(Buffer.from('[]'), undefined)).toThrow('request body must be a JSON object');
  });
});
