import { EMPTY_TASK_RECORD, holdsRecordLine, parseTaskRecord, runnableScript, splitRunnableScript, type TaskRecord } from './task-record';

const RECORD: TaskRecord = { dbrps: [{ db: 'telegraf', rp: 'autogen' }], created: '2024-05-01T10:00:00.000Z', modified: '2024-05-02T10:00:00.5Z', lastEnabled: '0001-01-01T00:00:00Z' };
const WRITTEN = "stream\n  |from()\n    .measurement('cpu')\n";

describe('task records', () => {
  it.each([WRITTEN, WRITTEN.trimEnd(), `${WRITTEN}\n\n`, ''])('splits a runnable script back into %j and its record', (written) => {
    const script = runnableScript(written, RECORD);
    expect(script.startsWith(written)).toBe(true);
    expect(splitRunnableScript(script)).toEqual({ written, record: RECORD });
  });

  it('writes the dbrps as dbrp lines after the record line', () => {
    expect(runnableScript(WRITTEN, RECORD)).toBe(`${WRITTEN}\n// vigil task record: {"dbrps":[{"db":"telegraf","rp":"autogen"}],"created":"2024-05-01T10:00:00.000Z","modified":"2024-05-02T10:00:00.5Z","last-enabled":"0001-01-01T00:00:00Z"}\ndbrp "telegraf"."autogen"\n`);
    expect(runnableScript(WRITTEN, EMPTY_TASK_RECORD).endsWith('"last-enabled":"0001-01-01T00:00:00Z"}\n')).toBe(true);
  });

  it('reads a script without a record, or with a comment that only looks like one, as written', () => {
    expect(splitRunnableScript(WRITTEN)).toEqual({ written: WRITTEN, record: undefined });
    const lookalike = `${WRITTEN}\n// vigil task record: to do\n`;
    expect(splitRunnableScript(lookalike)).toEqual({ written: lookalike, record: undefined });
    expect(holdsRecordLine(lookalike)).toBe(true);
    expect(holdsRecordLine('// vigil task record: x')).toBe(true);
    expect(holdsRecordLine(WRITTEN)).toBe(false);
  });

  it.each([
    ['nope', 'f: not JSON'],
    ['[]', 'f: expected a JSON object'],
    ['{"created":"x"}', 'f: "dbrps" must be a list'],
    ['{"dbrps":[{"db":"a"}],"created":"2024-05-01T10:00:00Z","modified":"2024-05-01T10:00:00Z","last-enabled":"2024-05-01T10:00:00Z"}', 'f: each dbrp needs "db" and "rp" strings'],
    ['{"dbrps":[{"db":"a\\"","rp":"b"}],"created":"2024-05-01T10:00:00Z","modified":"2024-05-01T10:00:00Z","last-enabled":"2024-05-01T10:00:00Z"}', 'f: each dbrp needs "db" and "rp" names without quotes'],
    ['{"dbrps":[],"created":"yesterday","modified":"2024-05-01T10:00:00Z","last-enabled":"2024-05-01T10:00:00Z"}', 'f: "created" must be an RFC 3339 time'],
    ['{"dbrps":[],"created":"2024-05-01T10:00:00Z","modified":"2024-05-01T10:00:00Z"}', 'f: "last-enabled" must be an RFC 3339 time'],
  ])('names what is wrong with the record %j', (text, message) => {
    expect(() => parseTaskRecord('f', text)).toThrow(message);
  });

  it('reads times with offsets as Go writes them', () => {
    expect(parseTaskRecord('f', '{"dbrps":[],"created":"2024-05-01T10:00:00.123456789+02:00","modified":"2024-05-01T10:00:00Z","last-enabled":"0001-01-01T00:00:00Z"}').created).toBe('2024-05-01T10:00:00.123456789+02:00');
  });
});
