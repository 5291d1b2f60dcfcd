import { formatTaskRecord, parseTaskRecord, type TaskRecord } from './task-record';

const RECORD: TaskRecord = { dbrps: [{ db: 'telegraf', rp: 'autogen' }], created: '2024-05-01T10:00:00.000Z', modified: '2024-05-02T10:00:00.5Z', lastEnabled: '0001-01-01T00:00:00Z' };

describe('task records', () => {
  it("writes Kapacitor's field names and reads them back", () => {
    expect(formatTaskRecord(RECORD)).toBe('{"dbrps":[{"db":"telegraf","rp":"autogen"}],"created":"2024-05-01T10:00:00.000Z","modified":"2024-05-02T10:00:00.5Z","last-enabled":"0001-01-01T00:00:00Z"}');
    expect(parseTaskRecord('f', formatTaskRecord(RECORD))).toEqual(RECORD);
  });

  it('keeps the template a task was defined from', () => {
    const templated = { ...RECORD, templateId: 'cpu_template' };
    expect(formatTaskRecord(templated)).toContain('"template-id":"cpu_template"');
    expect(parseTaskRecord('f', formatTaskRecord(templated))).toEqual(templated);
  });

  it('keeps dbrp names a dbrp line could not hold: they never enter the script', () => {
    const odd = { ...RECORD, dbrps: [{ db: 'a"b', rp: 'c\\d' }] };
    expect(parseTaskRecord('f', formatTaskRecord(odd))).toEqual(odd);
  });

  it.each([
    ['nope', 'f: not JSON'],
    ['[]', 'f: expected a JSON object'],
    ['{"created":"x"}', 'f: "dbrps" must be a list'],
    ['{"dbrps":[{"db":"a"}],"created":"2024-05-01T10:00:00Z","modified":"2024-05-01T10:00:00Z","last-enabled":"2024-05-01T10:00:00Z"}', 'f: each dbrp needs "db" and "rp" strings'],
    ['{"dbrps":[],"created":"yesterday","modified":"2024-05-01T10:00:00Z","last-enabled":"2024-05-01T10:00:00Z"}', 'f: "created" must be an RFC 3339 time'],
    ['{"dbrps":[],"created":"2024-05-01T10:00:00Z","modified":"2024-05-01T10:00:00Z"}', 'f: "last-enabled" must be an RFC 3339 time'],
    ['{"dbrps":[],"created":"2024-05-01T10:00:00Z","modified":"2024-05-01T10:00:00Z","last-enabled":"2024-05-01T10:00:00Z","template-id":5}', 'f: "template-id" must be a template id'],
  ])('names what is wrong with the record %j', (text, message) => {
    expect(() => parseTaskRecord('f', text)).toThrow(message);
  });

  it('reads times with offsets as Go writes them', () => {
    expect(parseTaskRecord('f', '{"dbrps":[],"created":"2024-05-01T10:00:00.123456789+02:00","modified":"2024-05-01T10:00:00Z","last-enabled":"0001-01-01T00:00:00Z"}').created).toBe('2024-05-01T10:00:00.123456789+02:00');
  });
});
