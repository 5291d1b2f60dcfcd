import { Unsigned, type Point } from '@vigil/core';
import { packIdentities, pointIdentityOf, unpackIdentities } from './point-identity';

const point: Point = {
  database: 'telegraf',
  retentionPolicy: 'autogen',
  name: 'cpu',
  tags: { host: 'a', region: 'eu' },
  fields: { usage: 1.5, n: 42n },
  time: 1_700_000_000_000_000_000n,
};

describe('pointIdentityOf', () => {
  it('is the same for the same point, whatever the order of its tags and fields', () => {
    const reordered: Point = { ...point, tags: { region: 'eu', host: 'a' }, fields: { n: 42n, usage: 1.5 } };
    expect(pointIdentityOf(reordered)).toBe(pointIdentityOf(point));
    expect(pointIdentityOf(point)).toHaveLength(4);
  });

  it.each<[string, Partial<Point>]>([
    ['database', { database: 'other' }],
    ['retention policy', { retentionPolicy: 'weekly' }],
    ['measurement', { name: 'mem' }],
    ['tag value', { tags: { host: 'b', region: 'eu' } }],
    ['tag set', { tags: { host: 'a' } }],
    ['time', { time: point.time + 1n }],
    ['field value', { fields: { usage: 1.6, n: 42n } }],
    ['field type (int vs float)', { fields: { usage: 1.5, n: 42 } }],
    ['field type (int vs unsigned)', { fields: { usage: 1.5, n: new Unsigned(42n) } }],
    ['field set (a series split over two lines at one time)', { fields: { usage: 1.5 } }],
  ])('differs when the %s differs', (_, change) => {
    expect(pointIdentityOf({ ...point, ...change })).not.toBe(pointIdentityOf(point));
  });

  it('cannot be made equal by moving a separator between a name and a value', () => {
    const a: Point = { ...point, tags: { 'host=a': 'b' } };
    const b: Point = { ...point, tags: { host: 'a=b' } };
    expect(pointIdentityOf(a)).not.toBe(pointIdentityOf(b));
  });

  it('packs into 8 bytes each and back', () => {
    const identities = [pointIdentityOf(point), pointIdentityOf({ ...point, time: 1n }), '\u0000\uffff\ud800\u0001'];
    const bytes = packIdentities(identities);
    expect(bytes).toHaveLength(24);
    expect(unpackIdentities(bytes)).toEqual(identities);
    expect(unpackIdentities(bytes.subarray(0, 7))).toBeUndefined();
  });
});
