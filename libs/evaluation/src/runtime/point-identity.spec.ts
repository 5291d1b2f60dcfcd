import { Unsigned, type Point } from '@vigil/core';
import { pointIdentityInto, pointIdentityOf } from './point-identity';

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

  it('is the hash that earlier versions stored, as a string or as two 32-bit halves', () => {
    // Pinned: retry windows saved before stay valid (the hash of the canonical text, see point-identity.ts).
    const codes = (identity: string): number[] => [...identity].map((char) => char.charCodeAt(0));
    expect(codes(pointIdentityOf(point))).toEqual([46783, 42511, 60121, 13911]);
    const odd: Point = {
      database: '',
      retentionPolicy: '',
      name: 'm'.repeat(123),
      tags: { z: 'x', a: '\u00e9\u0000', '1': 'q' },
      fields: { b: true, c: false, s: 'str=,"', u: new Unsigned(7n), f: -0.000001, i: -5n },
      time: -1n,
    };
    expect(codes(pointIdentityOf(odd))).toEqual([30545, 51764, 18645, 13212]);
    const halves = new Uint32Array(3);
    pointIdentityInto(point, halves, 1);
    expect([halves[1], halves[2]]).toEqual([46783 * 65536 + 42511, 60121 * 65536 + 13911]);
  });
});
