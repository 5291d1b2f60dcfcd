import { pageOfIds, readTaskListQuery, selectedFields, TASK_LIST_FIELDS } from './task-list-query';
import { TaskRequestError } from './task-request-error';

const IDS = ['mem', 'cpu_b', 'other', 'cpu_a', 'cpu'];
const page = (query: Record<string, string | string[]>): string[] => pageOfIds(IDS, readTaskListQuery(query));

describe('readTaskListQuery and pageOfIds (Kapacitor handleListTasks)', () => {
  it('lists every task in id order, at most 100, without a query', () => {
    const query = readTaskListQuery({});
    expect(query).toMatchObject({ fields: [], offset: 0, limit: 100, scriptFormat: 'formatted', dotView: 'attributes' });
    expect(pageOfIds(IDS, query)).toEqual(['cpu', 'cpu_a', 'cpu_b', 'mem', 'other']);
    expect(pageOfIds(Array.from({ length: 150 }, (_, i) => `t${String(i).padStart(3, '0')}`), query)).toHaveLength(100);
  });

  it('takes the query the kapacitor CLI sends: pattern, fields, offset, limit', () => {
    // `kapacitor delete tasks other` and `kapacitor list tasks 'cpu*'`.
    expect(page({ pattern: 'other', fields: 'link', offset: '0', limit: '100', 'dot-view': 'attributes', 'script-format': 'formatted', 'replay-id': '' })).toEqual(['other']);
    expect(page({ pattern: 'cpu*', fields: ['type', 'status', 'executing', 'dbrps'], offset: '0', limit: '100' })).toEqual(['cpu', 'cpu_a', 'cpu_b']);
    expect(page({ pattern: 'nothing' })).toEqual([]);
  });

  it('pages matching ids with offset and limit', () => {
    expect(page({ pattern: 'cpu*', offset: '1', limit: '1' })).toEqual(['cpu_a']);
    expect(page({ offset: '4' })).toEqual(['other']);
    expect(page({ offset: '5' })).toEqual([]);
    expect(page({ limit: '0' })).toEqual([]);
    // A negative offset starts at the first; a negative limit is no limit, the pattern still applies.
    expect(page({ offset: '-3', limit: '2' })).toEqual(['cpu', 'cpu_a']);
    expect(page({ pattern: 'cpu_*', limit: '-1' })).toEqual(['cpu_a', 'cpu_b']);
    // Only the first value of a name counts.
    expect(page({ pattern: ['mem', 'cpu'] })).toEqual(['mem']);
  });

  it.each([
    [{ offset: 'x' }, 'invalid offset parameter "x" must be an integer: strconv.ParseInt: parsing "x": invalid syntax'],
    [{ limit: '1.5' }, 'invalid limit parameter "1.5" must be an integer: strconv.ParseInt: parsing "1.5": invalid syntax'],
    [{ limit: '9223372036854775808' }, 'invalid limit parameter "9223372036854775808" must be an integer: strconv.ParseInt: parsing "9223372036854775808": value out of range'],
    [{ 'script-format': 'pretty' }, 'invalid script-format parameter "pretty"'],
    [{ 'dot-view': 'stats' }, 'invalid dot-view parameter "stats"'],
    // Kapacitor checks script-format first.
    [{ 'script-format': 'x', 'dot-view': 'y', offset: 'z' }, 'invalid script-format parameter "x"'],
  ])('refuses %j with Kapacitor\'s message', (query, message) => {
    expect(() => readTaskListQuery(query)).toThrow(new TaskRequestError(message));
  });

  it('selects the fields asked for, always with id and link, in Kapacitor\'s order', () => {
    expect(selectedFields([])).toEqual(TASK_LIST_FIELDS);
    expect(selectedFields(['link'])).toEqual(['link', 'id']);
    expect(selectedFields(['dbrps', 'type', 'status', 'executing'])).toEqual(['link', 'id', 'type', 'dbrps', 'status', 'executing']);
    expect(() => selectedFields(['type', 'owner'])).toThrow(new TaskRequestError('unsupported field "owner"'));
    expect(() => selectedFields(['template-id'])).toThrow(new TaskRequestError('unsupported field "template-id"'));
  });
});
