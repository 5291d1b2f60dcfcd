import type { Point } from '@vigil/core';
import { Grouper, makeDimensions, NIL_GROUP, pointMessage, regroupedMessage, toGroupId } from './group-id';

function point(tags: Record<string, string>, name = 'cpu'): Point {
  return { database: 'db', retentionPolicy: 'rp', name, tags, fields: { value: 1 }, time: 0n };
}

describe('toGroupId', () => {
  it('joins sorted k=v pairs with commas', () => {
    expect(toGroupId('cpu', { host: 'a', dc: 'x' }, ['dc', 'host'], false)).toBe('dc=x,host=a');
  });

  it('writes k= for a missing tag and does not escape values', () => {
    expect(toGroupId('cpu', { host: 'a,b=c' }, ['dc', 'host'], false)).toBe('dc=,host=a,b=c');
  });

  it('puts the measurement and a newline first when grouping by measurement', () => {
    expect(toGroupId('cpu', { host: 'a' }, ['host'], true)).toBe('cpu\nhost=a');
    expect(toGroupId('cpu', { host: 'a' }, [], true)).toBe('cpu');
  });

  it('is empty for the nil group', () => {
    expect(toGroupId('cpu', { host: 'a' }, [], false)).toBe('');
  });
});

describe('Grouper', () => {
  it('sorts the group-by names and gives missing tags an empty value', () => {
    const grouper = new Grouper(makeDimensions(['host', 'dc'], false));
    const group = grouper.groupOf(point({ host: 'h1', other: 'o' }));
    expect(group.id).toBe('dc=,host=h1');
    expect(group.tags).toEqual({ dc: '', host: 'h1' });
    expect(group.dimensions.by).toEqual(['dc', 'host']);
  });

  it('interns groups: the same info object for the same id', () => {
    const grouper = new Grouper(makeDimensions(['host'], false));
    expect(grouper.groupOf(point({ host: 'a', x: '1' }))).toBe(grouper.groupOf(point({ host: 'a', x: '2' })));
  });

  it('groups by every tag of the point with *, minus exclusions', () => {
    const grouper = new Grouper(makeDimensions('*', false, ['x']));
    expect(grouper.groupOf(point({ x: '1', host: 'a', dc: 'd' })).id).toBe('dc=d,host=a');
    expect(grouper.groupOf(point({ host: 'a' })).id).toBe('host=a');
  });

  it('returns the nil group without dimensions', () => {
    expect(new Grouper(makeDimensions([], false)).groupOf(point({ host: 'a' }))).toBe(NIL_GROUP);
  });

  it('groups by measurement alone', () => {
    expect(new Grouper(makeDimensions([], true)).groupOf(point({}, 'mem')).id).toBe('mem');
  });
});

describe('regroupedMessage', () => {
  it('moves a point to another group when a group-by tag changes', () => {
    const grouper = new Grouper(makeDimensions(['host'], false));
    const before = pointMessage(point({ host: 'a' }), grouper.groupOf(point({ host: 'a' })));
    const after = regroupedMessage(before, point({ host: 'b' }));
    expect(after.group).toBe('host=b');
    expect(after.groupTags).toEqual({ host: 'b' });
  });

  it('keeps the group when other tags change', () => {
    const grouper = new Grouper(makeDimensions(['host'], false));
    const before = pointMessage(point({ host: 'a' }), grouper.groupOf(point({ host: 'a' })));
    const after = regroupedMessage(before, point({ host: 'a', extra: 'x' }));
    expect(after.groupTags).toBe(before.groupTags);
  });
});
