import { readTaskRequest, TaskRequestError } from './task-request';

const SCRIPT = "stream\n    |from()\n        .measurement('cpu')\n    |alert()\n        .crit(lambda: \"usage\" > 90)\n";
const body = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('readTaskRequest', () => {
  it("writes the request's dbrps into the script unless it declares them itself", () => {
    const task = readTaskRequest(body({ id: 'cpu', type: 'stream', dbrps: [{ db: 'telegraf', rp: 'autogen' }, { db: 'vigil', rp: 'autogen' }], script: `dbrp "vigil"."autogen"\n${SCRIPT}`, status: 'enabled' }), undefined);
    expect(task).toEqual({ name: 'cpu', script: `dbrp "telegraf"."autogen"\ndbrp "vigil"."autogen"\n${SCRIPT}` });
  });

  it('keeps what a PATCH leaves out, and refuses a rename', () => {
    const current = { name: 'cpu', script: `dbrp "a"."b"\n${SCRIPT}` };
    expect(readTaskRequest(body({ status: 'enabled' }), current)).toEqual(current);
    expect(() => readTaskRequest(body({ id: 'other' }), current)).toThrow('renaming a task is not supported');
  });

  it.each([
    [{ script: SCRIPT }, 'task id is required'],
    [{ id: 'cpu' }, 'script is required'],
    [{ id: 'cpu', type: 'batch', script: SCRIPT }, 'task type "batch" is not supported'],
    [{ id: 'cpu', script: SCRIPT, status: 'disabled' }, 'status "disabled" is not supported'],
    [{ id: 'cpu', script: SCRIPT, vars: { limit: { type: 'int', value: 1 } } }, 'task vars are not supported yet'],
    [{ id: 'cpu', script: SCRIPT, dbrps: [{ db: 'a"b', rp: 'x' }] }, 'each dbrp needs "db" and "rp"'],
    [{ id: 'cpu', script: SCRIPT, 'template-id': 't' }, 'templates are not supported'],
  ])('refuses %j', (request, message) => {
    expect(() => readTaskRequest(body(request), undefined)).toThrow(TaskRequestError);
    expect(() => readTaskRequest(body(request), undefined)).toThrow(message);
  });

  it('refuses a body that is not a JSON object', () => {
    expect(() => readTaskRequest(Buffer.from('id=cpu'), undefined)).toThrow('request body is not JSON');
    expect(() => readTaskRequest(Buffer.from('[]'), undefined)).toThrow('request body must be a JSON object');
  });
});
